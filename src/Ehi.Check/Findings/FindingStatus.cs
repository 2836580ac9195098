using System.Text.Json.Serialization;

namespace Ehi.Check.Findings;

/// <summary>The verdict of one finding; written in upper case in the JSON report.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FindingStatus>))]
public enum FindingStatus
{
    /// <summary>Passed.</summary>
    [JsonStringEnumMemberName("PASS")]
    Pass,

    /// <summary>Acceptable but worth fixing.</summary>
    [JsonStringEnumMemberName("WARN")]
    Warn,

    /// <summary>Failed.</summary>
    [JsonStringEnumMemberName("FAIL")]
    Fail,

    /// <summary>Information only.</summary>
    [JsonStringEnumMemberName("INFO")]
    Info,

    /// <summary>The check could not complete (it threw or ran out of time); what it would have judged is unknown.</summary>
    [JsonStringEnumMemberName("ERROR")]
    Error,
}

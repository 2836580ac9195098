using System.Text.Json.Serialization;

namespace Ehi.Check.Grading;

/// <summary>SSL Labs' letters, best first; T (not trusted) and M (name mismatch) are outside the scale.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<GradeLetter>))]
public enum GradeLetter
{
    /// <summary>A+.</summary>
    [JsonStringEnumMemberName("A+")]
    APlus,

    /// <summary>A.</summary>
    [JsonStringEnumMemberName("A")]
    A,

    /// <summary>A-.</summary>
    [JsonStringEnumMemberName("A-")]
    AMinus,

    /// <summary>B.</summary>
    [JsonStringEnumMemberName("B")]
    B,

    /// <summary>C.</summary>
    [JsonStringEnumMemberName("C")]
    C,

    /// <summary>D.</summary>
    [JsonStringEnumMemberName("D")]
    D,

    /// <summary>E.</summary>
    [JsonStringEnumMemberName("E")]
    E,

    /// <summary>F.</summary>
    [JsonStringEnumMemberName("F")]
    F,

    /// <summary>M: the certificate does not match the host name.</summary>
    [JsonStringEnumMemberName("M")]
    M,

    /// <summary>T: the certificate is not trusted or not valid now.</summary>
    [JsonStringEnumMemberName("T")]
    T,
}

/// <summary>The letters as people write them.</summary>
public static class GradeLetters
{
    private static readonly string[] Names = ["A+", "A", "A-", "B", "C", "D", "E", "F", "M", "T"];

    /// <summary>"A+", "A-", ...</summary>
    public static string Display(this GradeLetter letter) => Names[(int)letter];

    /// <summary>False for T and M, which no minimum accepts.</summary>
    public static bool IsTrusted(this GradeLetter letter) => letter is not (GradeLetter.T or GradeLetter.M);

    /// <summary>Reads "A+", "A", ... ; false for anything else.</summary>
    public static bool TryParse(string text, out GradeLetter letter)
    {
        int index = Array.IndexOf(Names, text);
        letter = index < 0 ? default : (GradeLetter)index;
        return index >= 0;
    }
}

using Ehi.Core.Messages;

namespace Ehi.Core.Codec;

/// <summary>What a request body turned out to be.</summary>
public abstract record ParsedMessage(MessageFlavour Flavour)
{
    /// <summary>A GetTransaction message.</summary>
    public sealed record Transaction(GetTransaction Message, MessageFlavour Flavour) : ParsedMessage(Flavour);

    /// <summary>A Cut-Off summary.</summary>
    public sealed record CutOffSummary(CutOff Message, MessageFlavour Flavour) : ParsedMessage(Flavour);

    /// <summary>A JSON object with none of the EHI fields: the guide's connectivity test (4.1.4).</summary>
    public sealed record ConnectivityProbe() : ParsedMessage(MessageFlavour.Json);

    /// <summary>A body that cannot be processed.</summary>
    public sealed record Malformed(EhiProblem Problem, MessageFlavour Flavour) : ParsedMessage(Flavour);
}

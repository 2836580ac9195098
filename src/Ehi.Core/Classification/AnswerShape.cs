namespace Ehi.Core.Classification;

/// <summary>What the answer to a message kind carries (reference §5.2).</summary>
public enum AnswerShape
{
    /// <summary>A decision (Responsestatus) in modes 1, 2 and 4; an acknowledgement in mode 3.</summary>
    Decision,

    /// <summary>Responsestatus "00" and Acknowledgement "1": reversals cannot be declined.</summary>
    Reversal,

    /// <summary>Acknowledgement "1" only.</summary>
    Acknowledge,
}

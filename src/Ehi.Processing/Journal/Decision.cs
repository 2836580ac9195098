namespace Ehi.Processing.Journal;

/// <summary>What the host's answer decided, for reconciliation with Thredd's own decision.</summary>
public enum Decision
{
    /// <summary>The message carries no decision (advice, financial, mode 3).</summary>
    None,

    /// <summary>Approved (00, 10 partial, 0A with load).</summary>
    Approved,

    /// <summary>Declined.</summary>
    Declined,
}

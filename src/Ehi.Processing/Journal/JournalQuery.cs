namespace Ehi.Processing.Journal;

/// <summary>A filter for listing journal entries; null fields do not filter.</summary>
public sealed record JournalQuery
{
    /// <summary>Only this TXn_ID.</summary>
    public long? TxnId { get; init; }

    /// <summary>Only this card token.</summary>
    public long? Token { get; init; }

    /// <summary>Only this lifecycle.</summary>
    public string? Lifecycle { get; init; }

    /// <summary>Received at or after.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Received before.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>At most this many, oldest first.</summary>
    public int Limit { get; init; } = 1000;
}

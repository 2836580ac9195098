using Ehi.Core.Classification;

namespace Ehi.Processing.Journal;

/// <summary>One journalled message: what arrived, what it is, what was answered, and when. Entries
/// are append-only; only <see cref="LateDecision"/> is filled in afterwards.</summary>
public sealed record JournalEntry
{
    /// <summary>The duplicate key.</summary>
    public required JournalKey Key { get; init; }

    /// <summary>The classified kind.</summary>
    public required MessageKind Kind { get; init; }

    /// <summary>MTID (trimmed).</summary>
    public string? Mtid { get; init; }

    /// <summary>Txn_Type.</summary>
    public string? TxnType { get; init; }

    /// <summary>Proc_Code.</summary>
    public string? ProcCode { get; init; }

    /// <summary>Card token.</summary>
    public long? Token { get; init; }

    /// <summary>traceid_lifecycle.</summary>
    public string? Lifecycle { get; init; }

    /// <summary>Trans_link.</summary>
    public string? TransLink { get; init; }

    /// <summary>ProductID.</summary>
    public long? ProductId { get; init; }

    /// <summary>SendingAttemptCount.</summary>
    public int? SendingAttempt { get; init; }

    /// <summary>JSON, SOAP 1.1 or SOAP 1.2.</summary>
    public required string Flavour { get; init; }

    /// <summary>The raw request body.</summary>
    public required ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The request's content type.</summary>
    public string? ContentType { get; init; }

    /// <summary>The answer sent.</summary>
    public required StoredAnswer Answer { get; init; }

    /// <summary>Whether the answer acknowledged ("1").</summary>
    public required bool Acknowledged { get; init; }

    /// <summary>The answer's Responsestatus, if any.</summary>
    public string? ResponseStatus { get; init; }

    /// <summary>The decision the answer carries.</summary>
    public Decision Decision { get; init; }

    /// <summary>Who decided: provider, fallback, mode3, fixed (reversal/advice rules), reconciliation.</summary>
    public string? DecidedBy { get; init; }

    /// <summary>For a Thredd-decision notification: what reconciliation did.</summary>
    public string? Reconciliation { get; init; }

    /// <summary>When the request was received.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Processing time up to the journal write, in microseconds.</summary>
    public long ElapsedMicroseconds { get; init; }

    /// <summary>The traceparent Thredd sent.</summary>
    public string? TraceParent { get; init; }

    /// <summary>SHA-256 thumbprint of the client certificate.</summary>
    public string? ClientThumbprint { get; init; }

    /// <summary>The client's address (behind a load balancer, the one its PROXY protocol header named).</summary>
    public string? RemoteAddress { get; init; }

    /// <summary>What the message did to the built-in ledger ("posted: …" when it posted), if the ledger processed it.</summary>
    public string? Effect { get; init; }

    /// <summary>How many posting legs the message wrote to the built-in ledger (null when the ledger did not process it).</summary>
    public int? PostingLegs { get; init; }

    /// <summary>A decision that arrived after the deadline (the fallback was sent instead).</summary>
    public string? LateDecision { get; init; }
}

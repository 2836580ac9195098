using System.Security.Cryptography;

namespace Ehi.Processing.Journal;

/// <summary>A repeat of a journalled TXn_ID whose content differs from the journalled message. It
/// was answered with the stored answer (the key decides, that is the protocol); this record keeps
/// the difference listable for operations (<c>ehi journal conflicts</c>).</summary>
public sealed record TxnConflict
{
    /// <summary>The key both messages share.</summary>
    public required JournalKey Key { get; init; }

    /// <summary>When the repeat arrived.</summary>
    public required DateTimeOffset DetectedAt { get; init; }

    /// <summary>The repeat's flavour: JSON, SOAP 1.1 or SOAP 1.2.</summary>
    public required string Flavour { get; init; }

    /// <summary>The repeat's SendingAttemptCount.</summary>
    public int? SendingAttempt { get; init; }

    /// <summary>The fields that differ, journalled value against the repeat's.</summary>
    public required IReadOnlyList<FieldDifference> Differences { get; init; }

    /// <summary>The repeat's raw body.</summary>
    public required ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The repeat's content type.</summary>
    public string? ContentType { get; init; }

    /// <summary>The client's address.</summary>
    public string? RemoteAddress { get; init; }

    /// <summary>SHA-256 of <see cref="Body"/> in lower-case hex, to match it against other copies.</summary>
    public string BodySha256 => Convert.ToHexStringLower(SHA256.HashData(Body.Span));
}

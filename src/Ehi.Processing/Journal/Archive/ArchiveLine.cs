namespace Ehi.Processing.Journal.Archive;

/// <summary>One line of a journal archive: exactly one of its members is set. The records are the
/// journal's own, so what is read back is what the journal held (bodies and answers as base64,
/// byte for byte).</summary>
public sealed record ArchiveLine
{
    /// <summary>The first line: what the archive is.</summary>
    public ArchiveHeader? Header { get; init; }

    /// <summary>A message with its request body, answer, decision, reconciliation and ledger effect.</summary>
    public JournalEntry? Message { get; init; }

    /// <summary>A Cut-Off with its reconciliation.</summary>
    public CutOffRecord? CutOff { get; init; }

    /// <summary>A refused body.</summary>
    public RejectedMessage? Rejected { get; init; }
}

/// <summary>The first line of a journal archive.</summary>
/// <param name="Format">Always <see cref="FormatName"/>.</param>
/// <param name="Version">The line format's version.</param>
/// <param name="Before">Everything in it was received before this instant.</param>
/// <param name="CreatedAt">When the archive was written.</param>
/// <param name="Source">The store it came from (never with a password).</param>
public sealed record ArchiveHeader(string Format, int Version, DateTimeOffset Before, DateTimeOffset CreatedAt, string Source)
{
    /// <summary>The format's name in the header.</summary>
    public const string FormatName = "ehi-journal-archive";

    /// <summary>The version this build writes and reads.</summary>
    public const int CurrentVersion = 1;
}

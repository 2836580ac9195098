namespace Ehi.Processing.Journal;

/// <summary>The result of appending: whether this entry was stored, and the answer that is now
/// durable for its key (the entry's own, or the one a concurrent duplicate stored first).</summary>
/// <param name="Stored">True when this entry was written; false when its key already existed.</param>
/// <param name="Answer">The answer to send.</param>
public sealed record AppendOutcome(bool Stored, StoredAnswer Answer);

using Ehi.Core.Messages;

namespace Ehi.Processing.Journal;

/// <summary>A journalled Cut-Off with its reconciliation against the journal.</summary>
/// <param name="CutOffId">The duplicate key.</param>
/// <param name="ProductId">Product.</param>
/// <param name="FirstTransactionId">First TXn_ID covered.</param>
/// <param name="LastTransactionId">Last TXn_ID covered.</param>
/// <param name="Reported">Thredd's counts.</param>
/// <param name="Counted">The journal's counts over the same range.</param>
/// <param name="Differences">One sentence per category that differs; empty when all agree.</param>
/// <param name="Body">The raw body.</param>
/// <param name="Answer">The answer sent.</param>
/// <param name="ReceivedAt">When it arrived.</param>
public sealed record CutOffRecord(long CutOffId, long? ProductId, long FirstTransactionId, long LastTransactionId, CutOffCounts Reported, CutOffCounts Counted, IReadOnlyList<string> Differences, ReadOnlyMemory<byte> Body, StoredAnswer Answer, DateTimeOffset ReceivedAt);

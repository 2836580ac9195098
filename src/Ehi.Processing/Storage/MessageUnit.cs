using Ehi.Processing.Journal;
using Ehi.Processing.Ledger;

namespace Ehi.Processing.Storage;

/// <summary>One message's transaction, the unit a store commits atomically: the ledger reads it
/// needs, then (inside the transaction, with those cards locked) the journal entry with its answer
/// and the ledger effects. <see cref="Build"/> is synchronous and free of I/O; a store may call it
/// again if it has to retry the transaction.</summary>
/// <param name="Key">The journal key; if it is already journalled nothing is applied and the stored answer is returned (a store may build the unit before it finds that out).</param>
/// <param name="Reads">What to read (and lock) before building.</param>
/// <param name="Build">Decides from what was read.</param>
public sealed record MessageUnit(JournalKey Key, LedgerReads Reads, Func<LedgerSnapshot, MessageCommit> Build);

/// <summary>What a message's transaction writes.</summary>
/// <param name="Entry">The journal entry, answer included.</param>
/// <param name="Effects">Its ledger effects.</param>
public sealed record MessageCommit(JournalEntry Entry, LedgerEffects Effects);

/// <summary>Ledger work that is not a message (card administration), run in its own transaction.</summary>
/// <typeparam name="T">Its result.</typeparam>
/// <param name="Reads">What to read (and lock) first.</param>
/// <param name="Run">Decides from what was read; synchronous, free of I/O.</param>
public sealed record LedgerUnit<T>(LedgerReads Reads, Func<LedgerSnapshot, LedgerChange<T>> Run);

/// <summary>The result of ledger work and what it changes.</summary>
/// <typeparam name="T">The result type.</typeparam>
/// <param name="Result">The result.</param>
/// <param name="Effects">The changes to write.</param>
public sealed record LedgerChange<T>(T Result, LedgerEffects Effects);

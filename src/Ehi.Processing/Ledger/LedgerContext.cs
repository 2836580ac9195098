using Ehi.Core.Classification;
using Ehi.Core.Messages;
using Ehi.Processing.Configuration;
using Ehi.Processing.Journal;
using Ehi.Processing.Reconciliation;

namespace Ehi.Processing.Ledger;

/// <summary>One message as the ledger sees it.</summary>
/// <param name="Message">The parsed message.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Key">Its journal key.</param>
/// <param name="Mode">The product's EHI mode.</param>
/// <param name="Reconciliation">For a Thredd-decision notification, what to apply or undo.</param>
/// <param name="Now">The time of processing (limits count per UTC day and month).</param>
public sealed record LedgerContext(GetTransaction Message, MessageKind Kind, JournalKey Key, EhiMode Mode, ReconciliationAction? Reconciliation, DateTimeOffset Now);

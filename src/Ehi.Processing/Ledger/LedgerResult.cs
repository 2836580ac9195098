using Ehi.Core.Messages;
using Ehi.Processing.Journal;

namespace Ehi.Processing.Ledger;

/// <summary>What the ledger answered and did.</summary>
/// <param name="Response">The answer (Acknowledgement set by the caller).</param>
/// <param name="Decision">The decision it carries.</param>
/// <param name="Summary">One phrase for the journal and the effects table.</param>
public sealed record LedgerResult(GetTransactionResponse Response, Decision Decision, string Summary);

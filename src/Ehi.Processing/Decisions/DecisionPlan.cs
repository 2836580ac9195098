using Ehi.Core.Messages;
using Ehi.Processing.Journal;
using Ehi.Processing.Ledger;
using Ehi.Processing.Reconciliation;

namespace Ehi.Processing.Decisions;

/// <summary>A decider's plan for one message: what the store reads (and locks) in the message's
/// transaction, and the decision made from it (synchronous, free of I/O).</summary>
/// <param name="Reads">What to read first.</param>
/// <param name="Decide">The decision from what was read.</param>
public sealed record DecisionPlan(LedgerReads Reads, Func<LedgerSnapshot, DecisionOutcome> Decide)
{
    /// <summary>A provider decision still running after the budget, journalled when it arrives.</summary>
    public Task<GetTransactionResponse>? Late { get; init; }

    /// <summary>A plan that reads nothing and always decides <paramref name="outcome"/>.</summary>
    public static DecisionPlan Constant(DecisionOutcome outcome) => new(LedgerReads.None, _ => outcome);
}

/// <summary>A decision: the answer, what it decided and who decided, and its ledger effects.</summary>
/// <param name="Response">The answer to encode and send.</param>
/// <param name="Decision">What it decided, for reconciliation.</param>
/// <param name="DecidedBy">Who decided.</param>
public sealed record DecisionOutcome(GetTransactionResponse Response, Decision Decision, string DecidedBy)
{
    /// <summary>For a Thredd-decision notification, what reconciliation did.</summary>
    public ReconciliationAction? Reconciliation { get; init; }

    /// <summary>What the ledger did, in one phrase (null when the ledger did not process it).</summary>
    public string? Summary { get; init; }

    /// <summary>The ledger effects to commit with the message.</summary>
    public LedgerEffects Effects { get; init; } = LedgerEffects.None;
}

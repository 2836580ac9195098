namespace Ehi.Processing.Decisions;

/// <summary>One decision pipeline for every message: a decider plans each message's unit of work.
/// The static and forward providers decide before the transaction (bounded by the budget); the
/// built-in ledger decides inside it, from the cards the store locked, and returns its effects.</summary>
public interface IDecider
{
    /// <summary>The name journalled as the decider.</summary>
    string Name { get; }

    /// <summary>True when planning a message touches nothing outside its transaction (no core
    /// system is called, nothing is logged or counted as decided), so a repeat may be planned and
    /// then dropped when the commit finds its key journalled already.</summary>
    bool PlansWithoutSideEffects { get; }

    /// <summary>Plans the message: what to read, and how to decide from what was read.</summary>
    ValueTask<DecisionPlan> PlanAsync(DecisionRequest request);
}

using Ehi.Processing.Answers;
using Ehi.Processing.Journal;
using Ehi.Processing.Ledger;

namespace Ehi.Processing.Decisions;

/// <summary>The built-in ledger as a decider: it reads the message's card (locked) and matching
/// holds in the message's transaction, decides from the card's own balance and rules, and returns
/// the effects that commit together with the journal entry.</summary>
public sealed class LedgerDecider(LedgerEngine engine, TimeProvider time) : IDecider
{
    /// <inheritdoc />
    public string Name => "ledger";

    /// <inheritdoc />
    public bool PlansWithoutSideEffects => true;

    /// <inheritdoc />
    public ValueTask<DecisionPlan> PlanAsync(DecisionRequest request)
    {
        var now = time.GetUtcNow();
        var context = new LedgerContext(request.Message, request.Kind, request.Key, request.Mode, request.Reconciliation, now);
        var reads = LedgerEngine.ReadsFor(request.Message, request.Kind, request.Key, request.Mode);
        return ValueTask.FromResult(new DecisionPlan(reads, snapshot =>
        {
            var session = new LedgerWorkingSet(snapshot, now);
            var result = engine.Apply(context, session);
            bool decides = request.Rule == AnswerRule.Decide;
            var response = decides ? AnswerRules.Decided(request.Mode, request.Message, result.Response) : AnswerRules.Fixed(request.Rule);
            return new DecisionOutcome(response, decides ? result.Decision : Decision.None, Name)
            {
                Reconciliation = request.Reconciliation,
                Summary = result.Summary,
                Effects = session.Effects,
            };
        }));
    }
}

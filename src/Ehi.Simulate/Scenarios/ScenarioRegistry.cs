namespace Ehi.Simulate.Scenarios;

/// <summary>Every scenario by name, in the order <c>ehi simulate list</c> shows them.</summary>
public static class ScenarioRegistry
{
    /// <summary>All scenarios.</summary>
    public static IReadOnlyList<IScenario> All { get; } =
    [
        new ApproveScenario(), new DeclineInsufficientFundsScenario(), new AuthThenPresentmentScenario(), new AuthThenFullReversalScenario(),
        new AuthThenPartialReversalScenario(), new IncrementalAuthsScenario(), new AdviceBeforeReversalScenario(), new AdviceAfterReversalScenario(),
        new PresentmentWithoutAuthScenario(), new MultiPartPresentmentScenario(), new RefundScenario(), new ChargebackScenario(),
        new LoadUnloadScenario(), new BalanceEnquiryScenario(), new PartialApprovalScenario(), new ResendEveryKindScenario(),
        new StandInScenario(), new CutOffScenario(), new MalformedBodiesScenario(), new SoapFlavourScenario(),
    ];

    /// <summary>The scenario with a name, or null.</summary>
    public static IScenario? Find(string name) => All.FirstOrDefault(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}

namespace Ehi.Processing.Decisions;

/// <summary>The state of the forward provider's circuit breaker.</summary>
public enum ForwardCircuitState
{
    /// <summary>Calls go to the core system.</summary>
    Closed,

    /// <summary>Calls fail at once (the fallback is answered) until the cool-down ends.</summary>
    Open,

    /// <summary>The cool-down has ended; one probe call decides whether the breaker closes.</summary>
    HalfOpen,
}

/// <summary>One change of the breaker's state.</summary>
/// <param name="State">The new state.</param>
/// <param name="At">When it changed (from the processor's <see cref="TimeProvider"/>).</param>
/// <param name="Reason">Why: the failure that opened it, or the probe's outcome.</param>
/// <param name="BreakDuration">For <see cref="ForwardCircuitState.Open"/>: how long it stays open.</param>
public sealed record ForwardCircuitChange(ForwardCircuitState State, DateTimeOffset At, string Reason, TimeSpan? BreakDuration);

/// <summary>Told about every change of the forward provider's breaker state, e.g. to count openings
/// in metrics. Register implementations in the service collection; they are called synchronously on
/// the call that changed the state, so they must be quick and must not throw.</summary>
public interface IForwardCircuitObserver
{
    /// <summary>The breaker changed state.</summary>
    void StateChanged(ForwardCircuitChange change);
}

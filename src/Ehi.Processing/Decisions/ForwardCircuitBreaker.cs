using System.Text.Json;
using Ehi.Processing.Configuration;
using Ehi.Processing.Telemetry;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;

namespace Ehi.Processing.Decisions;

/// <summary>Polly's circuit breaker around calls to the core system. Failures are exceptions the
/// call throws (HTTP errors, timeouts, unreadable answers); once they pass the failure ratio, calls
/// throw <see cref="BrokenCircuitException"/> at once for the cool-down, then one probe is let
/// through and its outcome closes or re-opens the breaker. Every change is logged and told to the
/// <see cref="IForwardCircuitObserver"/>s.</summary>
public sealed class ForwardCircuitBreaker
{
    private readonly ResiliencePipeline _pipeline;
    private readonly CircuitBreakerStateProvider _state = new();
    private readonly IReadOnlyList<IForwardCircuitObserver> _observers;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <summary>A breaker with <paramref name="options"/>; with the breaker disabled calls pass straight through.</summary>
    public ForwardCircuitBreaker(ForwardBreakerOptions options, ILogger logger, TimeProvider time, IEnumerable<IForwardCircuitObserver>? observers = null)
    {
        _logger = logger;
        _time = time;
        _observers = observers?.ToArray() ?? [];
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.Enabled)
        {
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = options.FailureRatio,
                MinimumThroughput = options.MinimumThroughput,
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,
                StateProvider = _state,
                ShouldHandle = new PredicateBuilder()
                    .Handle<HttpRequestException>()
                    .Handle<OperationCanceledException>()
                    .Handle<InvalidDataException>()
                    .Handle<JsonException>(),
                OnOpened = args =>
                {
                    string reason = args.Outcome.Exception?.Message ?? "failures";
                    _logger.BreakerOpened(args.BreakDuration.TotalMilliseconds, reason);
                    Notify(ForwardCircuitState.Open, reason, args.BreakDuration);
                    return default;
                },
                OnHalfOpened = _ =>
                {
                    _logger.BreakerHalfOpen();
                    Notify(ForwardCircuitState.HalfOpen, "cool-down over, probing", null);
                    return default;
                },
                OnClosed = _ =>
                {
                    _logger.BreakerClosed();
                    Notify(ForwardCircuitState.Closed, "the core system answered", null);
                    return default;
                },
            });
        }

        _pipeline = builder.Build();
    }

    /// <summary>The breaker's state now.</summary>
    public ForwardCircuitState State => _state.CircuitState switch
    {
        CircuitState.Open or CircuitState.Isolated => ForwardCircuitState.Open,
        CircuitState.HalfOpen => ForwardCircuitState.HalfOpen,
        _ => ForwardCircuitState.Closed,
    };

    /// <summary>Runs <paramref name="call"/> through the breaker; throws <see cref="BrokenCircuitException"/> at once while it is open.</summary>
    public ValueTask<TResult> ExecuteAsync<TResult, TState>(Func<TState, CancellationToken, ValueTask<TResult>> call, TState state, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(static (s, ct) => s.call(s.state, ct), (call, state), cancellationToken);

    private void Notify(ForwardCircuitState state, string reason, TimeSpan? breakDuration)
    {
        var change = new ForwardCircuitChange(state, _time.GetUtcNow(), reason, breakDuration);
        foreach (var observer in _observers)
        {
            observer.StateChanged(change);
        }
    }
}

namespace Ehi.Core.Handling;

/// <summary>One readiness check contributed by the processing side (the journal is writable, the
/// database primary is reachable); the server's <c>/readyz</c> runs every registered probe beside
/// its own TLS and CRL checks.</summary>
public interface IReadinessProbe
{
    /// <summary>The check's name in <c>/readyz</c> (journal, database).</summary>
    string Name { get; }

    /// <summary>Runs the check; a probe that throws counts as failing.</summary>
    ValueTask<ReadinessResult> ProbeAsync(CancellationToken cancellationToken);
}

/// <summary>The result of one probe.</summary>
/// <param name="Ready">True when the component can do its work.</param>
/// <param name="Detail">One sentence for the operator.</param>
public sealed record ReadinessResult(bool Ready, string Detail);

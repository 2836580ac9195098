using Ehi.Check.Findings;

namespace Ehi.Check.Engine;

/// <summary>One check of <c>ehi check</c> (a plugin, as in sslyze): it measures what it needs
/// through the <see cref="CheckContext"/> and returns its findings. The engine runs the checks of
/// a <see cref="CheckRegistry"/> one after the other; a check that throws or runs out of time
/// becomes one ERROR finding and the others still run.</summary>
public interface ICheck
{
    /// <summary>Stable id, the prefix of the check's finding ids (its ERROR finding is <c>{Id}.error</c>).</summary>
    string Id { get; }

    /// <summary>What the check looks at, one line.</summary>
    string Description { get; }

    /// <summary>Measures and judges. Honour <paramref name="cancellationToken"/>: it fires when the check's time is up.</summary>
    Task<IReadOnlyList<Finding>> RunAsync(CheckContext context, CancellationToken cancellationToken);
}

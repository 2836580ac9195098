using Ehi.Check.Checks.Chain;
using Ehi.Check.Checks.ClientAuth;
using Ehi.Check.Checks.ClientRenegotiation;
using Ehi.Check.Checks.EhiAnswer;
using Ehi.Check.Checks.Http;
using Ehi.Check.Checks.Tls;

namespace Ehi.Check.Engine;

/// <summary>The checks the engine runs, in order. A new check is a folder under Checks/ with one
/// <see cref="ICheck"/> and a line here.</summary>
/// <param name="Checks">The checks.</param>
public sealed record CheckRegistry(IReadOnlyList<ICheck> Checks)
{
    /// <summary>Every check of <c>ehi check</c>.</summary>
    public static CheckRegistry Default { get; } = new(
    [
        new TlsCheck(),
        new ClientRenegotiationCheck(),
        new ChainCheck(),
        new ClientAuthCheck(),
        new HttpCheck(),
        new EhiAnswerCheck(),
    ]);
}

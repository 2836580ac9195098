namespace Ehi.Core.Handling;

/// <summary>Handles the server's own warm-up messages: the loopback exchange the server makes with
/// itself before it reports ready, so the first real message does not pay for JIT compilation and
/// first-use set-up. It runs the same code as the real handler but must leave nothing durable
/// behind: no row in the real journal or ledger, no decision request to a real core system.</summary>
public interface IWarmUpMessageHandler : IEhiMessageHandler
{
    /// <summary>Warms, before the exchange, what the exchange cannot reach without writing: the real
    /// store's read path, the connection to a core system.</summary>
    Task PrepareAsync(CancellationToken cancellationToken);

    /// <summary>Releases whatever the warm-up used (a throwaway store); called once, after the exchange.</summary>
    ValueTask FinishAsync();
}

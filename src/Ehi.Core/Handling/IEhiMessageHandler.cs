namespace Ehi.Core.Handling;

/// <summary>The seam between the endpoint (TLS, HTTP, limits) and EHI processing. The server calls
/// it once per admitted POST on the EHI path and sends the answer as it is.</summary>
public interface IEhiMessageHandler
{
    /// <summary>Processes one message and returns the answer to send.</summary>
    ValueTask<EhiAnswer> HandleAsync(EhiRequest request, CancellationToken cancellationToken);
}

namespace Ehi.Server.WarmUp;

/// <summary>Connection feature marking a connection the PROXY protocol middleware let through as one
/// of the warm-up's own (by its announced end point, <see cref="WarmUpIdentity.AdmitsPeer"/>): its
/// handshake must then present the warm-up's certificate, or it is refused.</summary>
internal sealed class WarmUpPeer
{
    public static WarmUpPeer Marker { get; } = new();
}

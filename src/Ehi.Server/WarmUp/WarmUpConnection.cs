namespace Ehi.Server.WarmUp;

/// <summary>Connection feature marking the server's own warm-up connection (recognised by
/// <see cref="WarmUpIdentity"/>): its messages go to the warm-up handler.</summary>
internal sealed class WarmUpConnection
{
    public static WarmUpConnection Marker { get; } = new();
}

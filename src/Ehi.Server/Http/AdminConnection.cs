namespace Ehi.Server.Http;

/// <summary>Connection feature marking connections accepted on the admin listener.</summary>
internal sealed class AdminConnection
{
    public static AdminConnection Marker { get; } = new();
}

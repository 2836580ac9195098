using System.Net;
using Ehi.Processing.Configuration;

namespace Ehi.Processing.Decisions;

/// <summary>The HTTP client to the core system: keep-alive connections pooled and reused (a TLS or
/// TCP handshake per message would eat the budget), recycled every few minutes so DNS changes are
/// seen, bounded per server. No retries and no hedging: a second request to a core system that is
/// already slow doubles its load, and a repeated decision could be applied twice.</summary>
public static class ForwardHttpClient
{
    /// <summary>A client for <paramref name="options"/>; the provider bounds each call itself.</summary>
    public static HttpClient Create(ForwardProviderOptions options) => new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        MaxConnectionsPerServer = options.MaxConnections,
        ConnectTimeout = options.Timeout,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        UseProxy = false,
        AllowAutoRedirect = false,
    })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        DefaultRequestVersion = HttpVersion.Version11,
    };
}

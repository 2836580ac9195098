using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Ehi.Check.Connectivity;

/// <summary>One HTTP request over its own TLS connection, presenting a given client certificate (or
/// none) exactly as is, as the guide's curl tests do.</summary>
public static class HttpProbe
{
    /// <summary>The answer, or the handshake/connection failure.</summary>
    /// <param name="Status">HTTP status, or 0 when no HTTP answer came.</param>
    /// <param name="Body">The body (at most 2 KiB kept).</param>
    /// <param name="Hsts">The Strict-Transport-Security header, if any.</param>
    /// <param name="Failure">Why no HTTP answer came.</param>
    public sealed record Answer(int Status, string Body, string? Hsts, string? Failure);

    /// <summary>POSTs <c>{"foo": "bar"}</c> (the guide's body) or another body.</summary>
    public static async Task<Answer> PostAsync(Uri url, X509Certificate2? certificate, X509Certificate2[]? chain, string body, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.Zero,
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                RemoteCertificateValidationCallback = (_, _, _, _) => true, // the chain checks judge the server
                ClientCertificateContext = certificate is null ? null : SslStreamCertificateContext.Create(certificate, new X509Certificate2Collection(chain ?? []), offline: true),
            },
        };
        using var http = new HttpClient(handler) { Timeout = timeout };
        try
        {
            using var response = await http.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken).ConfigureAwait(false);
            string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            string? hsts = response.Headers.TryGetValues("Strict-Transport-Security", out var values) ? string.Join(", ", values) : null;
            return new Answer((int)response.StatusCode, text.Length > 2048 ? text[..2048] : text, hsts, null);
        }
        catch (HttpRequestException ex)
        {
            return new Answer(0, string.Empty, null, ex.InnerException?.Message ?? ex.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Answer(0, string.Empty, null, "no answer before the timeout");
        }
    }
}

using Ehi.Pki;
using Ehi.Pki.Revocation;
using Ehi.Server.Configuration;
using Ehi.Server.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ehi.Server.Tls;

/// <summary>Fetches the configured CRL URLs at start and then on a timer, so no handshake ever
/// waits on the network. A failed fetch keeps the previous CRL; staleness is logged.</summary>
public sealed class CrlRefresher : BackgroundService
{
    private readonly TlsOptions _options;
    private readonly TlsMaterialSource _material;
    private readonly DownloadedCrls _downloaded;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger<CrlRefresher> _logger;

    /// <summary>Creates the refresher.</summary>
    public CrlRefresher(TlsOptions options, TlsMaterialSource material, DownloadedCrls downloaded, HttpClient http, TimeProvider time, ILogger<CrlRefresher> logger)
    {
        _options = options;
        _material = material;
        _downloaded = downloaded;
        _http = http;
        _time = time;
        _logger = logger;
    }

    /// <summary>Fetches every URL once.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        foreach (string url in _options.CrlUrls)
        {
            try
            {
                byte[] data = await _http.GetByteArrayAsync(new Uri(url), cancellationToken).ConfigureAwait(false);
                var loaded = new List<LoadedCrl>();
                string? problem = null;
                var all = CertificateRevocationList.ParseAll(data, url);
                for (int i = 0; i < all.Count; i++)
                {
                    if (LoadedCrl.Check(all[i], _material.Current.Trust, LoadedCrl.SourceOf(url, i, all.Count), now, out problem) is not { } one)
                    {
                        break;
                    }

                    loaded.Add(one);
                }

                if (problem is not null)
                {
                    // All or nothing per URL: a half-used answer could drop a revocation the previous one had.
                    _logger.CrlFetchFailed(url, problem);
                    continue;
                }

                _downloaded.Set(url, loaded);
                foreach (var crl in loaded)
                {
                    _logger.CrlFetched(url, crl.Crl.Issuer.Name, crl.Crl.RevokedCount, crl.Crl.NextUpdate);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or PkiException or TaskCanceledException or UriFormatException && !cancellationToken.IsCancellationRequested)
            {
                _logger.CrlFetchFailed(url, ex.Message);
            }
        }

        foreach (var crl in _downloaded.Current.Concat(_material.Current.CrlFiles))
        {
            if (crl.Crl.IsStale(now))
            {
                _logger.CrlStale(crl.Source, crl.Crl.NextUpdate);
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.CrlUrls.Count == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(_options.CrlRefreshInterval, _time);
        try
        {
            do
            {
                await RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}

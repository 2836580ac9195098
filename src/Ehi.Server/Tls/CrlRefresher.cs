using Ehi.Pki;
using Ehi.Pki.Revocation;
using Ehi.Server.Configuration;
using Ehi.Server.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Ehi.Server.Tls;

/// <summary>Fetches the configured CRL URLs at start and then in the background, so no handshake
/// ever waits on the network: each URL again after the refresh interval or halfway to its CRL's
/// nextUpdate, whichever is sooner; a failed fetch keeps the previous CRL and is retried with
/// backoff and jitter (Polly). Staleness is logged.</summary>
public sealed class CrlRefresher : BackgroundService
{
    private readonly TlsOptions _options;
    private readonly TlsMaterialSource _material;
    private readonly DownloadedCrls _downloaded;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger<CrlRefresher> _logger;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TimeSpan?> _lastFetch = new(StringComparer.Ordinal);

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

    /// <summary>Fetches every URL once (at start and on SIGHUP).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        foreach (string url in _options.CrlUrls)
        {
            _lastFetch[url] = await FetchAsync(url, cancellationToken).ConfigureAwait(false);
        }

        LogStale();
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_options.CrlUrls.Select(url => KeepFreshAsync(url, stoppingToken)));

    /// <summary>When to fetch a CRL again after a successful fetch: the refresh interval, but never
    /// later than halfway to its nextUpdate, so a CRL is renewed well before it goes stale.</summary>
    internal static TimeSpan NextRefresh(TimeSpan interval, TimeSpan retryDelay, DateTimeOffset now, DateTimeOffset? nextUpdate)
    {
        if (nextUpdate is not { } next)
        {
            return interval;
        }

        var half = (next - now) / 2;
        var soon = half < retryDelay ? retryDelay : half;
        return soon < interval ? soon : interval;
    }

    // One loop per URL: a failed fetch is retried with exponential backoff and jitter (from
    // Ehi:Tls:CrlRetryDelay up to the refresh interval) instead of waiting a whole interval, and
    // URLs never wait for each other.
    private async Task KeepFreshAsync(string url, CancellationToken stoppingToken)
    {
        var retry = new ResiliencePipelineBuilder<TimeSpan?>
        {
            TimeProvider = _time,
        }.AddRetry(new RetryStrategyOptions<TimeSpan?>
        {
            ShouldHandle = new PredicateBuilder<TimeSpan?>().HandleResult(next => next is null),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = _options.CrlRetryDelay,
            MaxDelay = _options.CrlRefreshInterval,
            MaxRetryAttempts = int.MaxValue,
            OnRetry = args =>
            {
                _logger.CrlRetryScheduled(url, args.AttemptNumber + 1, args.RetryDelay);
                return default;
            },
        }).Build();
        try
        {
            // The fetch at start (before listening) counts as the first: wait for its next refresh,
            // or for the first retry when it failed.
            if (_lastFetch.TryGetValue(url, out var atStart))
            {
                await Task.Delay(atStart ?? _options.CrlRetryDelay, _time, stoppingToken).ConfigureAwait(false);
            }

            while (true)
            {
                var next = await retry.ExecuteAsync(async ct => await FetchAsync(url, ct).ConfigureAwait(false), stoppingToken).ConfigureAwait(false);
                LogStale();
                await Task.Delay(next ?? _options.CrlRefreshInterval, _time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    // One fetch: the delay until the next refresh when the CRLs were taken, null when not.
    private async Task<TimeSpan?> FetchAsync(string url, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
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
                return null;
            }

            _downloaded.Set(url, loaded);
            foreach (var crl in loaded)
            {
                _logger.CrlFetched(url, crl.Crl.Issuer.Name, crl.Crl.RevokedCount, crl.Crl.NextUpdate);
            }

            var soonest = loaded.Select(c => c.Crl.NextUpdate).Where(n => n is not null).DefaultIfEmpty(null).Min();
            return NextRefresh(_options.CrlRefreshInterval, _options.CrlRetryDelay, now, soonest);
        }
        catch (Exception ex) when (ex is HttpRequestException or PkiException or TaskCanceledException or UriFormatException && !cancellationToken.IsCancellationRequested)
        {
            _logger.CrlFetchFailed(url, ex.Message);
            return null;
        }
    }

    private void LogStale()
    {
        var now = _time.GetUtcNow();
        foreach (var crl in _downloaded.Current.Concat(_material.Current.CrlFiles))
        {
            if (crl.Crl.IsStale(now))
            {
                _logger.CrlStale(crl.Source, crl.Crl.NextUpdate);
            }
        }
    }
}

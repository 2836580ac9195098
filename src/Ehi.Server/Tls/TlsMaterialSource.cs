using System.Security.Cryptography;
using Ehi.Server.Configuration;
using Ehi.Server.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ehi.Server.Tls;

/// <summary>Holds the current <see cref="TlsMaterial"/> and reloads it when any of its files
/// changes on disk. New handshakes take the new material; open connections keep theirs. A change
/// that does not load cleanly is logged and the previous material stays in service.</summary>
public sealed class TlsMaterialSource : BackgroundService
{
    private readonly TlsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<TlsMaterialSource> _logger;
    private volatile TlsMaterial _current;
    private string _fingerprint;

    /// <summary>Starts from material already loaded and checked at startup.</summary>
    public TlsMaterialSource(TlsMaterial initial, TlsOptions options, TimeProvider time, ILogger<TlsMaterialSource> logger)
    {
        _current = initial;
        _options = options;
        _time = time;
        _logger = logger;
        _fingerprint = Fingerprint(initial.WatchedFiles);
    }

    /// <summary>The material for the next handshake.</summary>
    public TlsMaterial Current => _current;

    /// <summary>Checks the files once and reloads if they changed; returns true when new material was taken.</summary>
    public bool ReloadIfChanged()
    {
        string fingerprint = Fingerprint(_current.WatchedFiles);
        if (fingerprint == _fingerprint)
        {
            return false;
        }

        var problems = new List<string>();
        var warnings = new List<string>();
        var material = TlsMaterial.Load(_options, _time.GetUtcNow(), problems, warnings);
        if (material is null)
        {
            // Remember the broken state so the error is logged once per change, not once per poll.
            _fingerprint = fingerprint;
            _logger.TlsReloadFailed(string.Join(" ", problems));
            return false;
        }

        _fingerprint = Fingerprint(material.WatchedFiles);
        _current = material;
        _logger.TlsReloaded(material.Server.Facts.Subject, material.Server.Facts.NotAfter, material.Trust.AllCertificates.Count, material.CrlFiles.Count);
        return true;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.ReloadInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                ReloadIfChanged();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping (or the host never started): nothing to reload any more.
        }
    }

    // Content hashes, not timestamps: a certificate renewed by a copy that keeps the mtime still counts.
    private static string Fingerprint(IEnumerable<string> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string file in files)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(file));
            try
            {
                hash.AppendData(File.ReadAllBytes(file));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                hash.AppendData("missing"u8);
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }
}

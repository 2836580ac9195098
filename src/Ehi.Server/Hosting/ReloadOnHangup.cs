using System.Runtime.InteropServices;
using Ehi.Server.Telemetry;
using Ehi.Server.Tls;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ehi.Server.Hosting;

/// <summary>SIGHUP (<c>systemctl reload ehi</c>) re-reads the certificate, key, trust and CRL files
/// and fetches the CRL URLs at once, instead of waiting for the next poll; the process goes on.</summary>
internal sealed class ReloadOnHangup(TlsMaterialSource material, CrlRefresher crls, ILogger<ReloadOnHangup> logger) : IHostedService, IDisposable
{
    private PosixSignalRegistration? _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsWindows())
        {
            _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true; // not the default action (terminate)
                _ = Task.Run(ReloadAsync, CancellationToken.None);
            });
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _registration?.Dispose();

    private async Task ReloadAsync()
    {
        // The files first, and said at once (what the operator waits for); then the CRL URLs, which
        // may take up to the timeout. A failure is logged: it runs off the signal, nobody awaits it.
        try
        {
            bool changed = material.ReloadIfChanged();
            var current = material.Current;
            logger.ReloadedOnHangup(changed, current.Server.Facts.Subject, current.Server.Facts.NotAfter);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await crls.RefreshAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            logger.HangupReloadFailed(ex.Message);
        }
    }
}

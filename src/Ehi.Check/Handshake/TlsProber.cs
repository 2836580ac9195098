using System.Net.Sockets;

namespace Ehi.Check.Handshake;

/// <summary>Sends crafted ClientHellos to a server, one connection per probe, and enumerates what
/// it accepts (the way testssl.sh and sslyze do: offer, note the pick, remove it, offer again).</summary>
public sealed class TlsProber(string host, int port, string? serverName, TimeSpan timeout)
{
    /// <summary>One probe.</summary>
    public async Task<HelloResult> ProbeAsync(TlsVersion version, IReadOnlyList<ushort> suites, bool offerCompression, CancellationToken cancellationToken, IReadOnlyList<ushort>? groups = null, bool requestOcsp = false)
    {
        using var tcp = new TcpClient { NoDelay = true };
        using (var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            connect.CancelAfter(timeout);
            await tcp.ConnectAsync(host, port, connect.Token).ConfigureAwait(false);
        }

        var stream = tcp.GetStream();
        await stream.WriteAsync(ClientHelloBuilder.Build(version, suites, serverName, offerCompression, groups, requestOcsp), cancellationToken).ConfigureAwait(false);
        return await ServerHelloReader.ReadAsync(stream, timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether the server speaks a version: it answers a broad offer with a ServerHello of that version.</summary>
    public async Task<HelloResult> ProbeVersionAsync(TlsVersion version, CancellationToken cancellationToken)
    {
        var suites = version == TlsVersion.Tls13 ? CipherSuites.Tls13 : CipherSuites.Legacy;
        return await ProbeAsync(version, [.. suites.Select(s => s.Id)], offerCompression: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every suite the server accepts for a version, in the order it picked them.</summary>
    public async Task<IReadOnlyList<CipherSuiteInfo>> EnumerateAsync(TlsVersion version, CancellationToken cancellationToken)
    {
        var remaining = (version == TlsVersion.Tls13 ? CipherSuites.Tls13 : CipherSuites.Legacy).Select(s => s.Id).ToList();
        var accepted = new List<CipherSuiteInfo>();
        while (remaining.Count > 0)
        {
            var result = await ProbeAsync(version, remaining, offerCompression: false, cancellationToken).ConfigureAwait(false);
            if (!result.IsAccepted || result.Version != version || !remaining.Remove(result.CipherSuite))
            {
                break;
            }

            accepted.Add(CipherSuites.Describe(result.CipherSuite));
        }

        return accepted;
    }

    /// <summary>The key exchange groups the server accepts in TLS 1.3 (offered one at a time).</summary>
    public async Task<IReadOnlyList<ushort>> EnumerateGroupsAsync(CancellationToken cancellationToken)
    {
        var accepted = new List<ushort>();
        foreach (ushort group in KeyGroups.All.Select(g => g.Id))
        {
            var result = await ProbeAsync(TlsVersion.Tls13, [.. CipherSuites.Tls13.Select(s => s.Id)], false, cancellationToken, [group]).ConfigureAwait(false);
            if (result.IsAccepted && result.Version == TlsVersion.Tls13)
            {
                accepted.Add(group);
            }
        }

        return accepted;
    }

    /// <summary>Whether the server picks by its own preference: offered in two opposite orders, it picks the same suite.</summary>
    public async Task<bool?> EnforcesOwnOrderAsync(TlsVersion version, IReadOnlyList<CipherSuiteInfo> accepted, CancellationToken cancellationToken)
    {
        if (accepted.Count < 2)
        {
            return null;
        }

        ushort[] ids = [.. accepted.Select(s => s.Id)];
        var forward = await ProbeAsync(version, ids, false, cancellationToken).ConfigureAwait(false);
        var backward = await ProbeAsync(version, [.. ids.Reverse()], false, cancellationToken).ConfigureAwait(false);
        return forward.IsAccepted && backward.IsAccepted ? forward.CipherSuite == backward.CipherSuite : null;
    }
}

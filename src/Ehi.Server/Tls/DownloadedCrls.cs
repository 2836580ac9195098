using System.Collections.Concurrent;

namespace Ehi.Server.Tls;

/// <summary>The latest CRL fetched from each configured distribution point URL. Written by the
/// background refresher only; read by every handshake without locking.</summary>
public sealed class DownloadedCrls
{
    private readonly ConcurrentDictionary<string, LoadedCrl> _byUrl = new(StringComparer.Ordinal);

    /// <summary>The current CRLs.</summary>
    public ICollection<LoadedCrl> Current => _byUrl.Values;

    /// <summary>Replaces the CRL from <paramref name="url"/>.</summary>
    public void Set(string url, LoadedCrl crl) => _byUrl[url] = crl;
}

using System.Collections.Concurrent;

namespace Ehi.Server.Tls;

/// <summary>The latest CRL fetched from each configured distribution point URL. Written by the
/// background refresher only; read by every handshake without locking.</summary>
public sealed class DownloadedCrls
{
    private readonly ConcurrentDictionary<string, LoadedCrl> _byUrl = new(StringComparer.Ordinal);

    /// <summary>The current CRLs.</summary>
    public ICollection<LoadedCrl> Current => _byUrl.Values;

    /// <summary>True once a CRL from <paramref name="url"/> has been fetched.</summary>
    public bool Has(string url) => _byUrl.ContainsKey(url);

    /// <summary>Replaces the CRL from <paramref name="url"/>.</summary>
    public void Set(string url, LoadedCrl crl) => _byUrl[url] = crl;
}

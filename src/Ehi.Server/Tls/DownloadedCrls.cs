using System.Collections.Concurrent;

namespace Ehi.Server.Tls;

/// <summary>The latest CRLs fetched from each configured distribution point URL (a URL may serve
/// several). Written by the background refresher only; read by every handshake without locking.</summary>
public sealed class DownloadedCrls
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<LoadedCrl>> _byUrl = new(StringComparer.Ordinal);
    private volatile IReadOnlyList<LoadedCrl> _current = [];
    private long _version;

    /// <summary>The current CRLs.</summary>
    public IReadOnlyList<LoadedCrl> Current => _current;

    /// <summary>True once a CRL from <paramref name="url"/> has been fetched.</summary>
    public bool Has(string url) => _byUrl.ContainsKey(url);

    /// <summary>Changes each time a CRL is replaced, so established connections can be re-judged.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Replaces the CRLs from <paramref name="url"/>.</summary>
    public void Set(string url, IReadOnlyList<LoadedCrl> crls)
    {
        _byUrl[url] = crls;
        _current = [.. _byUrl.Values.SelectMany(c => c)];
        Interlocked.Increment(ref _version);
    }
}

using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ehi.Server.Tls;

/// <summary>Acceptances of client certificate chains already judged, so the same transport
/// certificate arriving on every new connection is not built and judged again (issue 11). An entry
/// holds for exactly what the judgement depended on: the leaf and the intermediates the client sent
/// (the key: SHA-256 over their DER), the TLS material (trust, CRL files, pins: a reload makes new
/// material) and the downloaded CRLs' version, and the time window in which every certificate of the
/// chain is valid and no CRL consulted is past its nextUpdate. Anything else is a miss and is judged
/// in full. Only clean acceptances are kept (no refusal, no warning), at most
/// <see cref="Capacity"/>; when full it starts again empty.</summary>
internal sealed class ChainVerdictCache
{
    /// <summary>The most entries kept.</summary>
    public const int Capacity = 1024;

    private readonly ConcurrentDictionary<Key, Entry> _entries = new();

    /// <summary>The key of a leaf with the intermediates its client sent, in the order sent.</summary>
    public static Key KeyOf(X509Certificate2 leaf, X509Certificate2Collection sent)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        Append(hash, leaf, length);
        foreach (var certificate in sent)
        {
            Append(hash, certificate, length);
        }

        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return new Key(
            BinaryPrimitives.ReadUInt64LittleEndian(digest),
            BinaryPrimitives.ReadUInt64LittleEndian(digest[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(digest[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(digest[24..]));
    }

    /// <summary>The acceptance stored under <paramref name="key"/>, if it was reached under the same
    /// material and CRL version and <paramref name="now"/> is within its window.</summary>
    public ClientCertificateVerdict? Find(Key key, TlsMaterial material, long crlVersion, DateTimeOffset now) =>
        _entries.TryGetValue(key, out var entry) && ReferenceEquals(entry.Material, material) && entry.CrlVersion == crlVersion
            && now >= entry.ValidFrom && now < entry.ValidUntil
            ? entry.Verdict
            : null;

    /// <summary>Keeps an acceptance for its window.</summary>
    public void Add(Key key, ClientCertificateVerdict verdict, TlsMaterial material, long crlVersion, DateTimeOffset validFrom, DateTimeOffset validUntil)
    {
        if (_entries.Count >= Capacity)
        {
            // Thredd presents a handful of transport certificates; a full cache means churn, not reuse.
            _entries.Clear();
        }

        _entries[key] = new Entry(verdict, material, crlVersion, validFrom, validUntil);
    }

    // Length-prefixed, so no two different lists of certificates hash the same bytes.
    private static void Append(IncrementalHash hash, X509Certificate2 certificate, Span<byte> length)
    {
        var der = certificate.RawDataMemory.Span;
        BinaryPrimitives.WriteInt32BigEndian(length, der.Length);
        hash.AppendData(length);
        hash.AppendData(der);
    }

    /// <summary>SHA-256 of the leaf and sent intermediates.</summary>
    internal readonly record struct Key(ulong A, ulong B, ulong C, ulong D);

    private sealed record Entry(ClientCertificateVerdict Verdict, TlsMaterial Material, long CrlVersion, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil);
}

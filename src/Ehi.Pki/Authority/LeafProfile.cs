using System.Net;

namespace Ehi.Pki.Authority;

/// <summary>What an end-entity certificate should say. Tests and the checker also use it to mint
/// deliberately wrong certificates (expired, wrong EKU), so nothing here is validated.</summary>
/// <param name="Subject">The subject DN, e.g. "CN=localhost, O=ehi dev".</param>
/// <param name="NotBefore">Start of validity.</param>
/// <param name="NotAfter">End of validity.</param>
public sealed record LeafProfile(string Subject, DateTimeOffset NotBefore, DateTimeOffset NotAfter)
{
    /// <summary>EKU OIDs; empty means the extension is left out.</summary>
    public IReadOnlyList<string> ExtendedKeyUsages { get; init; } = [];

    /// <summary>DNS subjectAltNames.</summary>
    public IReadOnlyList<string> DnsNames { get; init; } = [];

    /// <summary>IP subjectAltNames.</summary>
    public IReadOnlyList<IPAddress> IpAddresses { get; init; } = [];

    /// <summary>The key algorithm.</summary>
    public KeyKind Key { get; init; } = KeyKind.EcdsaP256;

    /// <summary>CRL distribution point URL to embed, if any.</summary>
    public string? CrlDistributionPoint { get; init; }
}

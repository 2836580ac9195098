using System.Text.Json.Serialization;
using Ehi.Check.Handshake;

namespace Ehi.Check.Findings;

/// <summary>Typed measurements carried by a finding, for the grader and for programs reading
/// <c>--json</c> (the <c>kind</c> property names the type).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ProtocolFact), "protocol")]
[JsonDerivedType(typeof(CipherSuitesFact), "cipher-suites")]
[JsonDerivedType(typeof(SecureRenegotiationFact), "secure-renegotiation")]
[JsonDerivedType(typeof(CompressionFact), "compression")]
[JsonDerivedType(typeof(KeyFact), "key")]
[JsonDerivedType(typeof(HstsFact), "hsts")]
[JsonDerivedType(typeof(ClientRenegotiationFact), "client-renegotiation")]
public abstract record FindingFacts;

/// <summary>Whether the server accepted a protocol version.</summary>
/// <param name="Version">The version probed.</param>
/// <param name="Accepted">The server answered with that version.</param>
public sealed record ProtocolFact(TlsVersion Version, bool Accepted) : FindingFacts;

/// <summary>Cipher suites the server accepted in one protocol version.</summary>
/// <param name="Version">The protocol version.</param>
/// <param name="Suites">The suites.</param>
public sealed record CipherSuitesFact(TlsVersion Version, IReadOnlyList<CipherSuiteInfo> Suites) : FindingFacts;

/// <summary>Whether the server signals secure renegotiation (RFC 5746) in TLS 1.2.</summary>
/// <param name="Supported">renegotiation_info was answered.</param>
public sealed record SecureRenegotiationFact(bool Supported) : FindingFacts;

/// <summary>Whether the server chose TLS compression.</summary>
/// <param name="Accepted">A compression method other than null was chosen.</param>
public sealed record CompressionFact(bool Accepted) : FindingFacts;

/// <summary>The server certificate's key.</summary>
/// <param name="Algorithm">RSA or ECDSA.</param>
/// <param name="Bits">The key size.</param>
/// <param name="SignatureAlgorithm">The certificate's signature algorithm.</param>
public sealed record KeyFact(string Algorithm, int Bits, string SignatureAlgorithm) : FindingFacts;

/// <summary>The Strict-Transport-Security header.</summary>
/// <param name="MaxAgeSeconds">Its max-age, or null when the header is absent.</param>
public sealed record HstsFact(long? MaxAgeSeconds) : FindingFacts
{
    /// <summary>180 days: the shortest max-age SSL Labs counts for A+.</summary>
    public const long SixMonths = 15_552_000;
}

/// <summary>Whether the server accepts a renegotiation started by the client (TLS 1.2).</summary>
/// <param name="Accepted">True accepted, false refused, null not decidable (no TLS 1.2 session could be opened).</param>
public sealed record ClientRenegotiationFact(bool? Accepted) : FindingFacts;

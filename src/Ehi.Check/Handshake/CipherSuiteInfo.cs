namespace Ehi.Check.Handshake;

/// <summary>What matters about a cipher suite for grading.</summary>
/// <param name="Id">The IANA code point.</param>
/// <param name="Name">The IANA name.</param>
/// <param name="ForwardSecret">Ephemeral key exchange (ECDHE or DHE; all TLS 1.3 suites).</param>
/// <param name="Aead">GCM, CCM or ChaCha20-Poly1305.</param>
/// <param name="Weakness">Null, or why it is insecure: RC4, 3DES, NULL, EXPORT, anonymous.</param>
public sealed record CipherSuiteInfo(ushort Id, string Name, bool ForwardSecret, bool Aead, string? Weakness)
{
    /// <summary>True for CBC-mode suites.</summary>
    public bool Cbc => Name.Contains("_CBC_", StringComparison.Ordinal);
}

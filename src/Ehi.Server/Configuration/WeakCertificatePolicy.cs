namespace Ehi.Server.Configuration;

/// <summary>What to do with a client chain that uses weak cryptography (MD5 or SHA-1 signatures,
/// RSA keys under 2048 bits, EC keys under 256 bits: what OpenSSL security level 2 refuses).</summary>
public enum WeakCertificatePolicy
{
    /// <summary>Refuse the certificate, naming the weakness (the default).</summary>
    Refuse,

    /// <summary>Accept it and log a warning naming the weakness, for a processor still migrating.</summary>
    Warn,
}

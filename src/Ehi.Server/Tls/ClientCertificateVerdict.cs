using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ehi.Server.Tls;

/// <summary>The result of validating one connection's client certificate, kept on the connection
/// so every request on it is answered consistently.</summary>
/// <param name="Outcome">Accepted or the refusal reason.</param>
/// <param name="Detail">One sentence for the log.</param>
/// <param name="Subject">The leaf's subject, if there was one.</param>
/// <param name="Issuer">The leaf's issuer.</param>
/// <param name="Serial">The leaf's serial number.</param>
/// <param name="Thumbprint">The leaf's SHA-256 thumbprint (hex).</param>
public sealed record ClientCertificateVerdict(ClientCertificateOutcome Outcome, string Detail, string? Subject, string? Issuer, string? Serial, string? Thumbprint)
{
    /// <summary>A warning to log with an accepted certificate (for example a stale CRL under the Warn policy).</summary>
    public string? Warning { get; init; }

    /// <summary>The verdict for a connection without a client certificate.</summary>
    public static ClientCertificateVerdict None { get; } =
        new(ClientCertificateOutcome.NoCertificate, "the client sent no certificate", null, null, null, null);

    /// <summary>A verdict about <paramref name="leaf"/>.</summary>
    public static ClientCertificateVerdict For(X509Certificate2 leaf, ClientCertificateOutcome outcome, string detail) =>
        new(outcome, detail, leaf.Subject, leaf.Issuer, leaf.SerialNumber, Convert.ToHexString(leaf.GetCertHash(HashAlgorithmName.SHA256)));
}

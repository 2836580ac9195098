using System.Security.Cryptography.X509Certificates;

namespace Ehi.Server.Tls;

/// <summary>Connection feature carrying the verdict reached during the handshake.</summary>
public interface IClientCertificateVerdictFeature
{
    /// <summary>The verdict.</summary>
    ClientCertificateVerdict Verdict { get; }
}

/// <summary>The feature's implementation, with what is needed to judge the connection again when the
/// trust or a CRL changes while it stays open.</summary>
/// <param name="Verdict">The verdict.</param>
/// <param name="Material">The material the verdict was reached under.</param>
/// <param name="CrlVersion">The downloaded CRLs' version the verdict was reached under.</param>
/// <param name="SentIntermediates">The certificates the client sent after its leaf.</param>
internal sealed record ClientCertificateVerdictFeature(ClientCertificateVerdict Verdict, TlsMaterial? Material, long CrlVersion, X509Certificate2Collection SentIntermediates) : IClientCertificateVerdictFeature;

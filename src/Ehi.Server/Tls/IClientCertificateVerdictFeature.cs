namespace Ehi.Server.Tls;

/// <summary>Connection feature carrying the verdict reached during the handshake.</summary>
public interface IClientCertificateVerdictFeature
{
    /// <summary>The verdict.</summary>
    ClientCertificateVerdict Verdict { get; }
}

/// <summary>The feature's implementation.</summary>
/// <param name="Verdict">The verdict.</param>
internal sealed record ClientCertificateVerdictFeature(ClientCertificateVerdict Verdict) : IClientCertificateVerdictFeature;

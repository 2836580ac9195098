namespace Ehi.Server.Configuration;

/// <summary>Server certificate, client trust, revocation and pinning settings (section <c>Ehi:Tls</c>).</summary>
public sealed class TlsOptions
{
    /// <summary>PEM file with the server certificate followed by its intermediates.</summary>
    /// <value>The default value is <see langword="null"/>; either this with <see cref="KeyPath"/> or <see cref="PfxPath"/> is required.</value>
    public string? CertificatePath { get; set; }

    /// <summary>PEM file with the server certificate's private key.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? KeyPath { get; set; }

    /// <summary>PKCS#12 file with the server certificate, its key and intermediates, instead of PEM files.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? PfxPath { get; set; }

    /// <summary>Password of <see cref="PfxPath"/>.</summary>
    /// <value>The default value is <see langword="null"/> (no password).</value>
    public string? PfxPassword { get; set; }

    /// <summary>The trust profile for client certificates.</summary>
    /// <value>The default value is <see cref="TrustProfile.None"/>.</value>
    /// <remarks>Combined with <see cref="TrustPaths"/>; at least one CA must result.</remarks>
    public TrustProfile TrustProfile { get; set; } = TrustProfile.None;

    /// <summary>Extra PEM files of CAs (roots and issuing CAs) trusted to issue client certificates.</summary>
    /// <value>The default value is empty.</value>
    public List<string> TrustPaths { get; set; } = [];

    /// <summary>Directory holding Thredd's CA files, as <c>sandbox/root-ca.pem</c>, <c>sandbox/issuer-ca.pem</c>,
    /// <c>production/root-ca.pem</c> and <c>production/issuer-ca.pem</c>.</summary>
    /// <value>The default value is <c>.ehi/thredd</c>.</value>
    public string ThreddCaDirectory { get; set; } = ".ehi/thredd";

    /// <summary>Directory of the dev PKI, used by <see cref="TrustProfile.Dev"/>.</summary>
    /// <value>The default value is <c>.ehi/pki</c>.</value>
    public string DevPkiDirectory { get; set; } = ".ehi/pki";

    /// <summary>CRL files (DER or PEM) of the trusted CAs.</summary>
    /// <value>The default value is empty.</value>
    public List<string> CrlPaths { get; set; } = [];

    /// <summary>CRL distribution point URLs fetched on a background timer, never during a handshake.</summary>
    /// <value>The default value is empty.</value>
    public List<string> CrlUrls { get; set; } = [];

    /// <summary>How often CRL URLs are fetched and CRL files re-read.</summary>
    /// <value>The default value is one hour.</value>
    public TimeSpan CrlRefreshInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The first retry after a failed CRL download; each further retry waits about twice
    /// as long (with jitter), up to <see cref="CrlRefreshInterval"/>.</summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan CrlRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>What a CRL past its nextUpdate means for the certificates it covers.</summary>
    /// <value>The default value is <see cref="StaleCrlPolicy.Refuse"/>.</value>
    public StaleCrlPolicy StaleCrl { get; set; } = StaleCrlPolicy.Refuse;

    /// <summary>What a client chain with MD5/SHA-1 signatures or small keys (RSA under 2048, EC under 256 bits) means.</summary>
    /// <value>The default value is <see cref="WeakCertificatePolicy.Refuse"/>.</value>
    public WeakCertificatePolicy WeakCertificates { get; set; } = WeakCertificatePolicy.Refuse;

    /// <summary>When the trust holds an issuing CA (not only roots), whether a client chain must run
    /// through one of the configured issuing CAs. Off accepts any chain under a configured root, for
    /// processors that rotate intermediates without notice.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool RequireIssuingCa { get; set; } = true;

    /// <summary>SPKI SHA-256 pins (base64); when set, at least one certificate of the client's chain must match one.</summary>
    /// <value>The default value is empty (pinning off).</value>
    public List<string> Pins { get; set; } = [];

    /// <summary>How often the certificate, key, trust and CRL files are checked for changes (hot reload).</summary>
    /// <value>The default value is 2 seconds.</value>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a client may take to complete the TLS handshake.</summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Ehi.Pki;
using Ehi.Pki.Inspection;
using Ehi.Pki.Revocation;
using Ehi.Server.Configuration;

namespace Ehi.Server.Tls;

/// <summary>One immutable, fully checked set of TLS material: server certificate, client trust, CRL
/// files and pins, with the handshake settings derived from them. Hot reload swaps the whole set.</summary>
public sealed class TlsMaterial
{
    // TLS 1.2: forward-secret AEAD suites only (ECDHE with AES-GCM or ChaCha20-Poly1305); TLS 1.3's
    // three suites are all AEAD and forward secret. This is Mozilla's "intermediate" profile.
    private static readonly TlsCipherSuite[] AllowedSuites =
    [
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    // Windows takes cipher suites from the OS policy, not from the application.
    private static readonly CipherSuitesPolicy? SuitesPolicy = OperatingSystem.IsWindows() ? null : new CipherSuitesPolicy(AllowedSuites);

    private TlsMaterial(ServerCertificate server, ClientTrust trust, IReadOnlyList<LoadedCrl> crlFiles, HashSet<string> pins, IReadOnlyList<string> watchedFiles)
    {
        Server = server;
        Trust = trust;
        CrlFiles = crlFiles;
        Pins = pins;
        WatchedFiles = watchedFiles;
        CertificateContext = server.CreateContext(trust);
        ChainPolicy = CreateChainPolicy(trust);
    }

    // What the TLS layer builds with before it calls the validation callback, which it always does
    // and whose result the callback ignores: no anchors and nothing extra, so it stops at once, and
    // the chain it hands over carries just the certificates the client sent. The real judgement
    // (ChainPolicy) is the validator's, once per chain thanks to its cache.
    private static readonly X509ChainPolicy HandshakeChainPolicy = new()
    {
        TrustMode = X509ChainTrustMode.CustomRootTrust,
        RevocationMode = X509RevocationMode.NoCheck,
        DisableCertificateDownloads = true,
        VerificationTimeIgnored = true,
    };

    /// <summary>The server certificate.</summary>
    public ServerCertificate Server { get; }

    /// <summary>The client trust.</summary>
    public ClientTrust Trust { get; }

    /// <summary>CRLs loaded from files.</summary>
    public IReadOnlyList<LoadedCrl> CrlFiles { get; }

    /// <summary>SPKI pins; empty when pinning is off.</summary>
    public IReadOnlySet<string> Pins { get; }

    /// <summary>The files whose change triggers a reload.</summary>
    public IReadOnlyList<string> WatchedFiles { get; }

    /// <summary>The certificate context for the handshake (leaf, intermediates, advertised CA names).</summary>
    public SslStreamCertificateContext CertificateContext { get; }

    /// <summary>The chain policy for client certificates: configured anchors only, no downloads,
    /// revocation by our own CRL check, the current time.</summary>
    public X509ChainPolicy ChainPolicy { get; }

    /// <summary>How the TLS 1.2 suite restriction is enforced, for the startup report.</summary>
    public static string SuiteEnforcement => CipherDefaultsProbe.DefaultsAreStrict
        ? "TLS 1.2 suites restricted by the OpenSSL configuration (SSL context cached, sessions resumable)"
        : "TLS 1.2 suites restricted by a .NET policy (one SSL context per handshake; set OPENSSL_CONF to openssl-ehi.cnf for faster handshakes)";

    /// <summary>Handshake settings for one connection; <paramref name="validate"/> records the verdict.</summary>
    public SslServerAuthenticationOptions CreateAuthenticationOptions(RemoteCertificateValidationCallback validate) => new()
    {
        ServerCertificateContext = CertificateContext,
        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        CipherSuitesPolicy = CipherDefaultsProbe.DefaultsAreStrict ? null : SuitesPolicy,
        ClientCertificateRequired = true,
        CertificateChainPolicy = HandshakeChainPolicy,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        AllowRenegotiation = false,
        AllowTlsResume = true,
        RemoteCertificateValidationCallback = validate,
        ApplicationProtocols = [SslApplicationProtocol.Http11],
    };

    /// <summary>Loads and checks everything; all problems are collected before giving up.</summary>
    public static TlsMaterial? Load(TlsOptions options, DateTimeOffset now, ICollection<string> problems, ICollection<string> warnings)
    {
        var server = ServerCertificate.Load(options, now, problems, warnings);
        var trust = ClientTrust.Load(options, now, problems, warnings);
        var crls = new List<LoadedCrl>();
        foreach (string path in options.CrlPaths)
        {
            try
            {
                var all = CertificateRevocationList.LoadAll(path);
                for (int i = 0; i < all.Count && trust is not null; i++)
                {
                    var crl = all[i];
                    if (LoadedCrl.Check(crl, trust, LoadedCrl.SourceOf(path, i, all.Count), now, out string? problem) is not { } loaded)
                    {
                        problems.Add(problem!);
                        continue;
                    }

                    crls.Add(loaded);
                    if (crl.IsStale(now))
                    {
                        warnings.Add($"The CRL {path} of {crl.Issuer.Name} is stale: its nextUpdate {crl.NextUpdate:yyyy-MM-dd HH:mm} UTC has passed; replace it ({(options.StaleCrl == StaleCrlPolicy.Refuse ? "certificates it covers are refused until then" : "certificates it covers are accepted with a warning")}).");
                    }
                }
            }
            catch (PkiException ex)
            {
                problems.Add(ex.Message);
            }
        }

        var pins = new HashSet<string>(StringComparer.Ordinal);
        foreach (string pin in options.Pins)
        {
            if (SpkiPin.IsWellFormed(pin))
            {
                pins.Add(pin);
            }
            else
            {
                problems.Add($"Ehi:Tls:Pins entry '{pin}' is not an SPKI SHA-256 pin (base64 of 32 bytes); compute it with 'ehi pki pin FILE'.");
            }
        }

        if (server is null || trust is null || problems.Count > 0)
        {
            return null;
        }

        string?[] watched = [options.CertificatePath, options.KeyPath, options.PfxPath, .. trust.Sources, .. options.CrlPaths];
        return new TlsMaterial(server, trust, crls, pins, [.. watched.OfType<string>()]);
    }

    private static X509ChainPolicy CreateChainPolicy(ClientTrust trust)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
            VerificationTimeIgnored = true,
        };
        policy.CustomTrustStore.AddRange(trust.Roots);
        policy.ExtraStore.AddRange(trust.Intermediates);
        return policy;
    }
}

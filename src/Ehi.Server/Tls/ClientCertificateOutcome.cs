namespace Ehi.Server.Tls;

/// <summary>Why a client certificate was accepted or refused. Each value maps to one HTTP answer
/// (see <c>RefusalPages</c>); the names are stable and appear in logs.</summary>
public enum ClientCertificateOutcome
{
    /// <summary>The chain builds to a configured root, every certificate is valid, nothing is revoked, the pins match.</summary>
    Accepted,

    /// <summary>The client sent no certificate (400 "No required SSL certificate was sent").</summary>
    NoCertificate,

    /// <summary>The chain does not build to a configured root: unknown or self-signed issuer, or a bad signature (400).</summary>
    Untrusted,

    /// <summary>A certificate of the chain is past its notAfter (400).</summary>
    Expired,

    /// <summary>A certificate of the chain is before its notBefore (400).</summary>
    NotYetValid,

    /// <summary>The leaf does not allow clientAuth, or its keyUsage lacks digitalSignature (400).</summary>
    WrongUsage,

    /// <summary>The leaf is itself a CA (basic constraints CA:TRUE): a transport certificate never is (400).</summary>
    LeafIsCa,

    /// <summary>A certificate of the chain is signed with MD5, SHA-1 or another broken digest (400).</summary>
    WeakSignature,

    /// <summary>A key of the chain is too small: RSA or DSA under 2048 bits, EC under 256 bits (400).</summary>
    WeakKey,

    /// <summary>The chain builds to a configured root but not through a configured issuing CA, while
    /// the trust names one (Thredd's issuing CA) and <c>Ehi:Tls:RequireIssuingCa</c> is on (400).</summary>
    NotThroughIssuingCa,

    /// <summary>A certificate of the chain is on its CA's CRL (400).</summary>
    Revoked,

    /// <summary>A CRL needed for the chain is past its nextUpdate and the policy is to refuse (400).</summary>
    StaleCrl,

    /// <summary>The chain is valid but no certificate in it matches a configured SPKI pin (403).</summary>
    PinMismatch,
}

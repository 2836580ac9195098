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

    /// <summary>The leaf does not allow clientAuth (400).</summary>
    WrongUsage,

    /// <summary>A certificate of the chain is on its CA's CRL (400).</summary>
    Revoked,

    /// <summary>A CRL needed for the chain is past its nextUpdate and the policy is to refuse (400).</summary>
    StaleCrl,

    /// <summary>The chain is valid but no certificate in it matches a configured SPKI pin (403).</summary>
    PinMismatch,
}

namespace Ehi.Server.Configuration;

/// <summary>What to do with a client certificate when the CRL of a CA in its chain is past its nextUpdate.</summary>
public enum StaleCrlPolicy
{
    /// <summary>Refuse the certificate: revocation cannot be vouched for (the default).</summary>
    Refuse,

    /// <summary>Accept the certificate on the stale CRL and log a warning.</summary>
    Warn,
}

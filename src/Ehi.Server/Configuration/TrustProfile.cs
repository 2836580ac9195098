namespace Ehi.Server.Configuration;

/// <summary>Where the CAs that may issue client (transport) certificates come from.</summary>
public enum TrustProfile
{
    /// <summary>Only the explicit <see cref="TlsOptions.TrustPaths"/>.</summary>
    None,

    /// <summary>The dev PKI's processor root and issuing CA.</summary>
    Dev,

    /// <summary>Thredd's sandbox (UAT) root and issuing CA, downloaded once into the Thredd CA directory.</summary>
    Sandbox,

    /// <summary>Thredd's production root and issuing CA, downloaded once into the Thredd CA directory.</summary>
    Production,
}

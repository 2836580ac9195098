namespace Ehi.Pki.Dev;

/// <summary>The file names of a dev PKI directory. The processor side stands in for Thredd; the
/// host side stands in for the programme manager's commercial CA.</summary>
/// <param name="Directory">The directory holding the files.</param>
public sealed record DevPkiLayout(string Directory)
{
    /// <summary>The default directory, relative to the working directory.</summary>
    public const string DefaultDirectory = ".ehi/pki";

    /// <summary>Processor (Thredd stand-in) root CA certificate.</summary>
    public string ProcessorRootCert => Path.Combine(Directory, "processor-root-ca.pem");

    /// <summary>Processor root CA key.</summary>
    public string ProcessorRootKey => Path.Combine(Directory, "processor-root-ca.key");

    /// <summary>Processor issuing CA certificate.</summary>
    public string ProcessorIssuingCert => Path.Combine(Directory, "processor-issuing-ca.pem");

    /// <summary>Processor issuing CA key.</summary>
    public string ProcessorIssuingKey => Path.Combine(Directory, "processor-issuing-ca.key");

    /// <summary>Root + issuing CA: what `ehi serve --trust` takes, as Thredd's two published files would.</summary>
    public string ProcessorCaBundle => Path.Combine(Directory, "processor-ca-bundle.pem");

    /// <summary>The issuing CA's CRL (PEM).</summary>
    public string ProcessorIssuingCrl => Path.Combine(Directory, "processor-issuing-ca.crl");

    /// <summary>Transport (client) certificate, as Thredd presents it.</summary>
    public string ClientCert => Path.Combine(Directory, "client.pem");

    /// <summary>Transport certificate key.</summary>
    public string ClientKey => Path.Combine(Directory, "client.key");

    /// <summary>Transport certificate followed by the issuing CA.</summary>
    public string ClientChain => Path.Combine(Directory, "client-chain.pem");

    /// <summary>Host root CA certificate: what a client trusts to verify the server.</summary>
    public string HostRootCert => Path.Combine(Directory, "host-root-ca.pem");

    /// <summary>Host root CA key.</summary>
    public string HostRootKey => Path.Combine(Directory, "host-root-ca.key");

    /// <summary>Host intermediate CA certificate.</summary>
    public string HostIntermediateCert => Path.Combine(Directory, "host-intermediate-ca.pem");

    /// <summary>Host intermediate CA key.</summary>
    public string HostIntermediateKey => Path.Combine(Directory, "host-intermediate-ca.key");

    /// <summary>Server leaf certificate.</summary>
    public string ServerCert => Path.Combine(Directory, "server.pem");

    /// <summary>Server key.</summary>
    public string ServerKey => Path.Combine(Directory, "server.key");

    /// <summary>Server leaf followed by the intermediate: what `ehi serve --cert` takes.</summary>
    public string ServerFullChain => Path.Combine(Directory, "server-fullchain.pem");

    /// <summary>Every file the dev PKI writes.</summary>
    public IReadOnlyList<string> AllFiles =>
    [
        ProcessorRootCert, ProcessorRootKey, ProcessorIssuingCert, ProcessorIssuingKey, ProcessorCaBundle, ProcessorIssuingCrl,
        ClientCert, ClientKey, ClientChain,
        HostRootCert, HostRootKey, HostIntermediateCert, HostIntermediateKey, ServerCert, ServerKey, ServerFullChain,
    ];
}

using Ehi.Check.Connectivity;
using Ehi.Pki.Signing;

namespace Ehi.Check.Engine;

/// <summary>What every check gets: the options, where to connect, the first handshake's view of
/// the server, and the clock.</summary>
public sealed class CheckContext
{
    /// <summary>A context for one run.</summary>
    public CheckContext(CheckOptions options, ServerView connectivity, TimeProvider time)
    {
        Options = options;
        Connectivity = connectivity;
        Time = time;
        Host = options.Url.Host.Trim('[', ']');
        Port = options.Url.Port;
        ServerName = options.ServerName ?? Host;
        (ProcessorRootName, ProcessorIssuingName) = ProcessorNames(options, connectivity);
    }

    /// <summary>What to check and how.</summary>
    public CheckOptions Options { get; }

    /// <summary>The connectivity handshake (TLS 1.2 or 1.3, no client certificate).</summary>
    public ServerView Connectivity { get; }

    /// <summary>The clock every check judges time by.</summary>
    public TimeProvider Time { get; }

    /// <summary>Host to connect to.</summary>
    public string Host { get; }

    /// <summary>Port to connect to.</summary>
    public int Port { get; }

    /// <summary>SNI name.</summary>
    public string ServerName { get; }

    /// <summary>The processor root CA's subject (what a look-alike CA copies).</summary>
    public string ProcessorRootName { get; }

    /// <summary>The processor issuing CA's subject.</summary>
    public string ProcessorIssuingName { get; }

    // The names a look-alike CA copies: from --expect-ca, else the client certificate's issuers, else what the server lists.
    private static (string Root, string Issuing) ProcessorNames(CheckOptions options, ServerView view)
    {
        var root = options.ExpectedCas.FirstOrDefault(CertificateSignature.IsSelfSigned);
        var issuing = options.ExpectedCas.FirstOrDefault(c => !CertificateSignature.IsSelfSigned(c));
        if (root is not null && issuing is not null)
        {
            return (root.Subject, issuing.Subject);
        }

        if (options.ClientCertificate is { } client)
        {
            var issuer = options.ClientChain.FirstOrDefault(c => c.Subject == client.Issuer);
            return (issuer?.Issuer ?? client.Issuer, client.Issuer);
        }

        var listed = view.AcceptableIssuers ?? [];
        return listed.Count >= 2 ? (listed[0], listed[1]) : listed.Count == 1 ? (listed[0], listed[0]) : ("CN=Thredd Root CA", "CN=Thredd Issuing CA");
    }
}

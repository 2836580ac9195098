using System.Security.Authentication;
using Ehi.Check.Checks;
using Ehi.Check.Connectivity;
using Ehi.Check.Findings;
using Ehi.Check.Grading;
using Ehi.Check.Handshake;
using Ehi.Pki.Signing;

namespace Ehi.Check;

/// <summary>Measures first, then judges (sslyze's habit): a connectivity handshake, the protocol
/// probes, the chain and client-auth checks, the HTTP and hostile-certificate probes; then the grade.</summary>
public static class CheckEngine
{
    /// <summary>Runs every check.</summary>
    /// <exception cref="CheckTargetException">The target cannot be reached or will not complete any handshake.</exception>
    public static async Task<CheckReport> RunAsync(CheckOptions options, string minimumGrade, CancellationToken cancellationToken)
    {
        string host = options.Url.Host.Trim('[', ']');
        int port = options.Url.Port;
        string serverName = options.ServerName ?? host;
        var view = await ServerView.ObserveAsync(host, port, serverName, null, SslProtocols.Tls12 | SslProtocols.Tls13, options.Timeout, cancellationToken).ConfigureAwait(false);

        var findings = new List<Finding>();
        var prober = new TlsProber(host, port, serverName, options.Timeout);
        var tls = await TlsFacts.MeasureAsync(prober, cancellationToken).ConfigureAwait(false);
        findings.AddRange(TlsCheck.Run(tls));
        findings.AddRange(ChainCheck.Run(view, options.Roots, serverName, DateTimeOffset.UtcNow));

        var (rootName, issuingName) = ProcessorNames(options, view);
        // The CertificateRequest differs between TLS 1.2 and 1.3: look at both.
        string[] expected = [.. options.ExpectedCas.Select(c => c.Subject)];
        findings.AddRange(Versioned(ClientAuthCheck.Run(view, expected), view.Protocol));
        var other = view.Protocol == SslProtocols.Tls13 ? SslProtocols.Tls12 : SslProtocols.Tls13;
        if (tls.Versions[other == SslProtocols.Tls12 ? TlsVersion.Tls12 : TlsVersion.Tls13])
        {
            var otherView = await ServerView.ObserveAsync(host, port, serverName, null, other, options.Timeout, cancellationToken).ConfigureAwait(false);
            findings.AddRange(Versioned(ClientAuthCheck.Run(otherView, expected), other));
        }

        findings.AddRange(await HttpCheck.RunAsync(options.Url, options.ClientCertificate, options.ClientChain, rootName, issuingName, options.Timeout, cancellationToken).ConfigureAwait(false));
        if (options.EhiMessage && options.ClientCertificate is not null)
        {
            findings.Add(await EhiAnswerCheck.RunAsync(options.Url, options.ClientCertificate, options.ClientChain, options.Timeout, cancellationToken).ConfigureAwait(false));
        }


        var grade = Grader.Rate(tls, findings);
        bool ready = findings.All(f => f.Status != Finding.Fail) && grade.AtLeast(minimumGrade);
        return new CheckReport(1, options.Url.ToString(), ready, grade.Letter, grade.Reasons, findings);
    }

    private static IEnumerable<Finding> Versioned(IReadOnlyList<Finding> findings, SslProtocols protocol)
    {
        string suffix = protocol == SslProtocols.Tls13 ? ".tls13" : ".tls12";
        return findings.Select(f => f with { Id = f.Id + suffix, Text = f.Text + (protocol == SslProtocols.Tls13 ? " (TLS 1.3)" : " (TLS 1.2)") });
    }

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

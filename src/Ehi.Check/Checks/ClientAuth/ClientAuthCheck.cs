using System.Security.Authentication;
using Ehi.Check.Connectivity;
using Ehi.Check.Engine;
using Ehi.Check.Findings;

namespace Ehi.Check.Checks.ClientAuth;

/// <summary>Client authentication (guide 4.1.4): the server asks for a certificate and lists Thredd's
/// root and issuing CA under "Acceptable client certificate CA names". An empty list is a warning,
/// as the guide says; a list without the expected CAs is a failure.</summary>
public sealed class ClientAuthCheck : ICheck
{
    /// <inheritdoc />
    public string Id => "mtls";

    /// <inheritdoc />
    public string Description => "The CertificateRequest in TLS 1.2 and TLS 1.3: asked for, and the expected CA names listed.";

    /// <inheritdoc />
    public async Task<IReadOnlyList<Finding>> RunAsync(CheckContext context, CancellationToken cancellationToken)
    {
        // The CertificateRequest differs between TLS 1.2 and 1.3: look at both.
        string[] expected = [.. context.Options.ExpectedCas.Select(c => c.Subject)];
        var view = context.Connectivity;
        var findings = Versioned(Run(view, expected), view.Protocol).ToList();
        var other = view.Protocol == SslProtocols.Tls13 ? SslProtocols.Tls12 : SslProtocols.Tls13;
        ServerView otherView;
        try
        {
            otherView = await ServerView.ObserveAsync(context.Host, context.Port, context.ServerName, null, other, context.Options.Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (CheckTargetException)
        {
            return findings; // that version is not offered; the tls check reports it
        }

        findings.AddRange(Versioned(Run(otherView, expected), other));
        return findings;
    }

    private static IEnumerable<Finding> Versioned(IReadOnlyList<Finding> findings, SslProtocols protocol)
    {
        string suffix = protocol == SslProtocols.Tls13 ? ".tls13" : ".tls12";
        return findings.Select(f => f with { Id = f.Id + suffix, Text = f.Text + (protocol == SslProtocols.Tls13 ? " (TLS 1.3)" : " (TLS 1.2)") });
    }

    /// <summary>Judges the CertificateRequest seen in <paramref name="view"/>.</summary>
    /// <param name="view">A handshake made without presenting a certificate.</param>
    /// <param name="expectedCaNames">The CA subjects that must be listed (Thredd's root and issuing CA, or --expect-ca).</param>
    public static IReadOnlyList<Finding> Run(ServerView view, IReadOnlyList<string> expectedCaNames)
    {
        if (view.AcceptableIssuers is null)
        {
            return
            [
                new Finding("mtls.client-auth", FindingStatus.Fail, "The server does not ask for a client certificate.", "no CertificateRequest", "Require client certificates (ssl_verify_client on, or ehi serve)."),
            ];
        }

        var listed = view.AcceptableIssuers;
        var findings = new List<Finding>
        {
            new("mtls.client-auth", FindingStatus.Pass, "The server asks for a client certificate.", $"{view.Protocol}: CertificateRequest sent", null),
        };
        var missing = expectedCaNames.Where(e => !listed.Any(l => Same(l, e))).ToList();
        findings.Add(listed.Count == 0
            ? new Finding("mtls.ca-names", FindingStatus.Warn, "The CertificateRequest lists no acceptable CA names.", "empty list", "List the processor's root and issuing CA (the guide's Acceptable client certificate CA names).")
            : missing.Count == 0
                ? new Finding("mtls.ca-names", FindingStatus.Pass, "The expected CAs are listed as acceptable client certificate CA names.", string.Join(" | ", listed), null)
                : new Finding("mtls.ca-names", FindingStatus.Fail, $"{missing.Count} expected CA name(s) are not listed.", "listed: " + string.Join(" | ", listed) + "; missing: " + string.Join(" | ", missing), "Trust the processor's root and issuing CA (ehi serve --trust-profile, or ssl_client_certificate)."));
        return findings;
    }

    // Distinguished names compared by their components, whatever the separators and spacing.
    private static bool Same(string a, string b) =>
        new System.Security.Cryptography.X509Certificates.X500DistinguishedName(a).Name == new System.Security.Cryptography.X509Certificates.X500DistinguishedName(b).Name;
}

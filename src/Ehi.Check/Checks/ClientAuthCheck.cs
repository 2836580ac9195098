using Ehi.Check.Connectivity;
using Ehi.Check.Findings;

namespace Ehi.Check.Checks;

/// <summary>Client authentication (guide 4.1.4): the server asks for a certificate and lists Thredd's
/// root and issuing CA under "Acceptable client certificate CA names". An empty list is a warning,
/// as the guide says; a list without the expected CAs is a failure.</summary>
public static class ClientAuthCheck
{
    /// <summary>Judges the CertificateRequest seen in <paramref name="view"/>.</summary>
    /// <param name="view">A handshake made without presenting a certificate.</param>
    /// <param name="expectedCaNames">The CA subjects that must be listed (Thredd's root and issuing CA, or --expect-ca).</param>
    public static IReadOnlyList<Finding> Run(ServerView view, IReadOnlyList<string> expectedCaNames)
    {
        if (view.AcceptableIssuers is null)
        {
            return
            [
                new Finding("mtls.client-auth", Finding.Fail, "The server does not ask for a client certificate.", "no CertificateRequest", "Require client certificates (ssl_verify_client on, or ehi serve)."),
            ];
        }

        var listed = view.AcceptableIssuers;
        var findings = new List<Finding>
        {
            new("mtls.client-auth", Finding.Pass, "The server asks for a client certificate.", $"{view.Protocol}: CertificateRequest sent", null),
        };
        var missing = expectedCaNames.Where(e => !listed.Any(l => Same(l, e))).ToList();
        findings.Add(listed.Count == 0
            ? new Finding("mtls.ca-names", Finding.Warn, "The CertificateRequest lists no acceptable CA names.", "empty list", "List the processor's root and issuing CA (the guide's Acceptable client certificate CA names).")
            : missing.Count == 0
                ? new Finding("mtls.ca-names", Finding.Pass, "The expected CAs are listed as acceptable client certificate CA names.", string.Join(" | ", listed), null)
                : new Finding("mtls.ca-names", Finding.Fail, $"{missing.Count} expected CA name(s) are not listed.", "listed: " + string.Join(" | ", listed) + "; missing: " + string.Join(" | ", missing), "Trust the processor's root and issuing CA (ehi serve --trust-profile, or ssl_client_certificate)."));
        return findings;
    }

    // Distinguished names compared by their components, whatever the separators and spacing.
    private static bool Same(string a, string b) =>
        new System.Security.Cryptography.X509Certificates.X500DistinguishedName(a).Name == new System.Security.Cryptography.X509Certificates.X500DistinguishedName(b).Name;
}

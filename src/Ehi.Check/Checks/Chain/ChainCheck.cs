using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Ehi.Check.Connectivity;
using Ehi.Check.Engine;
using Ehi.Check.Findings;
using Ehi.Pki.Inspection;
using Ehi.Pki.Signing;

namespace Ehi.Check.Checks.Chain;

/// <summary>The server chain (guide 4.1.4 "verify return:1 at every depth"; a missing intermediate
/// is the guide's cause of grade B): what is sent, its order, trust, host name, validity and key.</summary>
public sealed class ChainCheck : ICheck
{
    /// <inheritdoc />
    public string Id => "chain";

    /// <inheritdoc />
    public string Description => "The server chain: what is sent, order, trust, host name, validity, key.";

    /// <inheritdoc />
    public Task<IReadOnlyList<Finding>> RunAsync(CheckContext context, CancellationToken cancellationToken) =>
        Task.FromResult(Run(context.Connectivity, context.Options.Roots, context.ServerName, context.Time.GetUtcNow()));

    /// <summary>Judges the chain the server sent.</summary>
    /// <param name="view">What the handshake showed.</param>
    /// <param name="roots">Roots to verify against (--ca); null uses the system store.</param>
    /// <param name="hostName">The name the client connects to.</param>
    /// <param name="now">The time to judge validity at.</param>
    public static IReadOnlyList<Finding> Run(ServerView view, X509Certificate2Collection? roots, string hostName, DateTimeOffset now)
    {
        var sent = view.Certificates;
        if (sent.Count == 0)
        {
            return [new Finding("chain.sent", FindingStatus.Fail, "The server sent no certificate.", "empty Certificate message", "Configure the server certificate.")];
        }

        var findings = new List<Finding>
        {
            new("chain.sent", FindingStatus.Info, $"The server sent {sent.Count} certificate(s).", string.Join(" | ", sent.Select((c, i) => $"{i} s:{c.Subject} i:{c.Issuer}")), null),
        };
        var leaf = sent[0];
        bool selfSigned = CertificateSignature.IsSelfSigned(leaf);
        findings.Add(sent.Count > 1 || selfSigned
            ? new Finding("chain.intermediates", FindingStatus.Pass, "The intermediate certificate(s) are sent with the leaf.", $"{sent.Count - 1} intermediate(s)", null)
            : new Finding("chain.intermediates", FindingStatus.Fail, "Only the leaf is sent: clients cannot build the chain (SSL Labs caps the grade at B).", $"leaf issued by {leaf.Issuer}", "Append the intermediate to the certificate file (leaf first, then the intermediate)."));

        var order = ChainOrder.Analyze(sent);
        findings.Add(order.InOrder
            ? new Finding("chain.order", FindingStatus.Pass, "The chain is in order.", order.Summary, null)
            : new Finding("chain.order", FindingStatus.Fail, "The chain is out of order or has a gap.", order.Summary, "Send the leaf first, then each issuer in turn."));

        findings.Add(Trust(sent, roots));
        findings.Add(leaf.MatchesHostname(hostName)
            ? new Finding("chain.hostname", FindingStatus.Pass, $"The certificate is valid for {hostName}.", NamesOf(leaf, now), null)
            : new Finding("chain.hostname", FindingStatus.Fail, $"The certificate does not name {hostName}.", NamesOf(leaf, now), "Request a certificate whose subjectAltName includes the host Thredd connects to."));

        var facts = CertificateFacts.Read(leaf, now);
        findings.Add(facts.NotAfter < now
            ? new Finding("chain.validity", FindingStatus.Fail, $"The certificate expired on {facts.NotAfter:yyyy-MM-dd}.", $"notAfter {facts.NotAfter:u}", "Renew the certificate.")
            : facts.NotBefore > now
                ? new Finding("chain.validity", FindingStatus.Fail, $"The certificate is not valid before {facts.NotBefore:yyyy-MM-dd}.", $"notBefore {facts.NotBefore:u}", "Check the server's clock and the certificate.")
                : facts.DaysLeft < 30
                    ? new Finding("chain.validity", FindingStatus.Warn, $"The certificate expires in {facts.DaysLeft} days.", $"notAfter {facts.NotAfter:u}", "Renew it before it expires.")
                    : new Finding("chain.validity", FindingStatus.Pass, $"The certificate is valid for {facts.DaysLeft} more days.", $"notAfter {facts.NotAfter:u}", null));
        bool weakKey = (facts.KeyType == "RSA" && facts.KeySize < 2048) || (facts.KeyType == "ECDSA" && facts.KeySize < 256);
        findings.Add(new Finding("chain.key", weakKey ? FindingStatus.Fail : FindingStatus.Pass, $"{facts.KeyType} {facts.KeySize}-bit key, signed with {facts.SignatureAlgorithm}.", facts.SpkiSha256, weakKey ? "Use RSA 2048+ or ECDSA P-256+." : null)
        {
            Facts = new KeyFact(facts.KeyType, facts.KeySize, facts.SignatureAlgorithm),
        });
        return findings;
    }

    // Verified as openssl s_client prints it: one line per depth, root first.
    private static Finding Trust(IReadOnlyList<X509Certificate2> sent, X509Certificate2Collection? roots)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.ExtraStore.AddRange(sent.Skip(1).ToArray());
        if (roots is not null)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        }

        bool ok = chain.Build(sent[0]);
        var evidence = new StringBuilder();
        for (int depth = chain.ChainElements.Count - 1; depth >= 0; depth--)
        {
            var element = chain.ChainElements[depth];
            bool elementOk = element.ChainElementStatus.All(s => s.Status == X509ChainStatusFlags.NoError);
            evidence.Append(CultureInfo.InvariantCulture, $"depth={depth} {element.Certificate.Subject} verify return:{(elementOk ? 1 : 0)}; ");
        }

        return ok
            ? new Finding("chain.trust", FindingStatus.Pass, "Every depth verifies (verify return:1).", evidence.ToString().TrimEnd(' ', ';'), null)
            : new Finding("chain.trust", FindingStatus.Fail, "The chain does not verify: " + string.Join(", ", chain.ChainStatus.Select(s => s.Status)), evidence.ToString().TrimEnd(' ', ';'),
                roots is null ? "Use a certificate from a publicly trusted CA, or pass --ca with the root to test against." : "Check that --ca holds the root that issued the server's intermediate.");
    }

    private static string NamesOf(X509Certificate2 certificate, DateTimeOffset now) => string.Join(", ", CertificateFacts.Read(certificate, now).SubjectAlternativeNames);
}

using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Ehi.Check.Connectivity;
using Ehi.Check.Engine;
using Ehi.Check.Findings;
using Ehi.Pki.Authority;
using Ehi.Pki.Inspection;

namespace Ehi.Check.Checks.Http;

/// <summary>The guide's curl tests and the hostile certificates: without a certificate 400/403;
/// with the transport certificate 200; self-signed, look-alike CA, expired and serverAuth-only
/// certificates (minted here) refused; HSTS read from the answers.</summary>
public sealed partial class HttpCheck : ICheck
{
    private const string GuideBody = """{"foo": "bar"}""";

    /// <inheritdoc />
    public string Id => "http";

    /// <inheritdoc />
    public string Description => "The guide's curl probes with and without a certificate, HSTS, and hostile client certificates.";

    /// <inheritdoc />
    public Task<IReadOnlyList<Finding>> RunAsync(CheckContext context, CancellationToken cancellationToken) =>
        RunAsync(context.Options.Url, context.Options.ClientCertificate, context.Options.ClientChain, context.ProcessorRootName, context.ProcessorIssuingName, context.Options.Timeout, context.Time.GetUtcNow(), cancellationToken);

    /// <summary>Runs the probes.</summary>
    /// <param name="url">The EHI URL.</param>
    /// <param name="client">The transport certificate with its key, if given.</param>
    /// <param name="clientChain">Certificates sent after it.</param>
    /// <param name="rootName">The processor root CA's subject (copied by the look-alike CA).</param>
    /// <param name="issuingName">The processor issuing CA's subject.</param>
    /// <param name="timeout">Per probe.</param>
    /// <param name="now">The time the hostile certificates are minted at.</param>
    /// <param name="cancellationToken">Cancels.</param>
    public static async Task<IReadOnlyList<Finding>> RunAsync(Uri url, X509Certificate2? client, X509Certificate2[]? clientChain, string rootName, string issuingName, TimeSpan timeout, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        var anonymous = await HttpProbe.PostAsync(url, null, null, GuideBody, timeout, cancellationToken).ConfigureAwait(false);
        findings.Add(anonymous.Status is 400 or 403
            ? new Finding("http.no-certificate", FindingStatus.Pass, $"Without a certificate the endpoint answers {anonymous.Status}.", Evidence(anonymous), null)
            : anonymous.Status == 0
                ? new Finding("http.no-certificate", FindingStatus.Warn, "Without a certificate the connection is refused at the TLS level.", anonymous.Failure ?? string.Empty, "The guide expects an HTTP 400/403 answer (nginx's ssl_verify_client on behaviour); a handshake refusal is also safe.")
                : new Finding("http.no-certificate", FindingStatus.Fail, $"Without a certificate the endpoint answers {anonymous.Status}.", Evidence(anonymous), "Require a client certificate on the EHI path."));
        findings.Add(Hsts(anonymous.Hsts));

        if (client is not null)
        {
            var authorised = await HttpProbe.PostAsync(url, client, clientChain, GuideBody, timeout, cancellationToken).ConfigureAwait(false);
            findings.Add(authorised.Status == 200
                ? new Finding("http.with-certificate", FindingStatus.Pass, "With the transport certificate the guide's POST is answered 200.", Evidence(authorised), null)
                : new Finding("http.with-certificate", FindingStatus.Fail, $"With the transport certificate the answer is {(authorised.Status == 0 ? "no answer" : authorised.Status.ToString(CultureInfo.InvariantCulture))}.", Evidence(authorised), "Trust the processor's CAs and accept POSTs on the EHI path."));
        }

        foreach (var (id, certificate, chain) in Hostile(rootName, issuingName, now))
        {
            using (certificate)
            {
                var answer = await HttpProbe.PostAsync(url, certificate, chain, GuideBody, timeout, cancellationToken).ConfigureAwait(false);
                findings.Add(answer.Status is >= 200 and < 300
                    ? new Finding($"hostile.{id}", FindingStatus.Fail, $"{Describe(id)} certificate is answered {answer.Status}.", Evidence(answer), "Validate client certificates against the processor's CAs only, with validity and clientAuth.")
                    : new Finding($"hostile.{id}", FindingStatus.Pass, $"{Describe(id)} certificate is refused.", answer.Status == 0 ? "handshake refused: " + answer.Failure : Evidence(answer), null));
            }
        }

        return findings;
    }

    private static IEnumerable<(string Id, X509Certificate2 Certificate, X509Certificate2[] Chain)> Hostile(string rootName, string issuingName, DateTimeOffset now)
    {
        var profile = new LeafProfile("CN=ehi check hostile certificate", now.AddDays(-1), now.AddDays(30)) { ExtendedKeyUsages = [CertificateFacts.ClientAuthOid] };
        using (var self = CertificateAuthority.CreateRoot("CN=ehi check self-signed", KeyKind.EcdsaP256, now.AddDays(-1), now.AddDays(30)))
        {
            yield return ("self-signed", X509CertificateLoader.LoadPkcs12(self.Certificate.Export(X509ContentType.Pkcs12), null), []);
        }

        // A CA that copies the processor's root and issuing names with its own keys.
        using var fakeRoot = CertificateAuthority.CreateRoot(rootName, KeyKind.EcdsaP256, now.AddYears(-2), now.AddYears(2));
        using var fakeIssuing = fakeRoot.CreateIntermediate(issuingName, KeyKind.EcdsaP256, now.AddYears(-2), now.AddYears(2));
        var intermediate = X509CertificateLoader.LoadCertificate(fakeIssuing.Certificate.RawData);
        yield return ("lookalike-ca", fakeIssuing.Issue(profile), [intermediate]);
        yield return ("expired", fakeIssuing.Issue(profile with { NotBefore = now.AddDays(-60), NotAfter = now.AddDays(-1) }), [intermediate]);
        yield return ("server-auth-only", fakeIssuing.Issue(profile with { ExtendedKeyUsages = [CertificateFacts.ServerAuthOid] }), [intermediate]);
    }

    private static Finding Hsts(string? header)
    {
        if (header is null)
        {
            return new Finding("http.hsts", FindingStatus.Warn, "No Strict-Transport-Security header (SSL Labs gives A+ only with HSTS).", "header absent", "Send Strict-Transport-Security: max-age=31536000 on every response.") { Facts = new HstsFact(null) };
        }

        long maxAge = MaxAge().Match(header) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return (maxAge >= HstsFact.SixMonths
            ? new Finding("http.hsts", FindingStatus.Pass, $"HSTS with max-age {maxAge} s.", header, null)
            : new Finding("http.hsts", FindingStatus.Warn, $"HSTS max-age {maxAge} s is under 180 days.", header, "Use max-age=31536000.")) with
        { Facts = new HstsFact(maxAge) };
    }

    private static string Describe(string id) => id switch
    {
        "lookalike-ca" => "A look-alike CA's (same names as the processor's, other keys)",
        "server-auth-only" => "A serverAuth-only",
        "expired" => "An expired",
        _ => "A " + id,
    };

    private static string Evidence(HttpProbe.Answer answer) =>
        answer.Status == 0 ? answer.Failure ?? string.Empty : $"HTTP {answer.Status}: {TitleOrStart(answer.Body)}";

    private static string TitleOrStart(string body) =>
        Title().Match(body) is { Success: true } m ? m.Groups[1].Value : body.Length > 120 ? body[..120] : body;

    [GeneratedRegex(@"max-age=(\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex MaxAge();

    [GeneratedRegex("<title>(.*?)</title>", RegexOptions.IgnoreCase)]
    private static partial Regex Title();
}

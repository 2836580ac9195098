using Ehi.Check.Findings;
using Ehi.Check.Handshake;

namespace Ehi.Check.Checks;

/// <summary>Protocols, cipher suites, renegotiation and compression, from <see cref="TlsFacts"/>.</summary>
public static class TlsCheck
{
    /// <summary>The findings.</summary>
    public static IReadOnlyList<Finding> Run(TlsFacts facts)
    {
        var findings = new List<Finding>();
        foreach (var (version, name) in new[] { (TlsVersion.Ssl30, "SSL 3.0"), (TlsVersion.Tls10, "TLS 1.0"), (TlsVersion.Tls11, "TLS 1.1") })
        {
            findings.Add(facts.Versions[version]
                ? new Finding($"tls.protocols.{Id(version)}", Finding.Fail, $"{name} is accepted.", "ServerHello for " + name, $"Disable {name}; allow TLS 1.2 and 1.3 only.")
                : new Finding($"tls.protocols.{Id(version)}", Finding.Pass, $"{name} is refused.", "no ServerHello for " + name, null));
        }

        findings.Add(facts.Versions[TlsVersion.Tls12]
            ? new Finding("tls.protocols.tls12", Finding.Pass, "TLS 1.2 is offered.", "ServerHello for TLS 1.2", null)
            : new Finding("tls.protocols.tls12", Finding.Fail, "TLS 1.2 is not offered.", "no ServerHello for TLS 1.2", "Enable TLS 1.2."));
        findings.Add(facts.Versions[TlsVersion.Tls13]
            ? new Finding("tls.protocols.tls13", Finding.Pass, "TLS 1.3 is offered.", "ServerHello for TLS 1.3", null)
            : new Finding("tls.protocols.tls13", Finding.Warn, "TLS 1.3 is not offered (SSL Labs caps at A-).", "no ServerHello for TLS 1.3", "Enable TLS 1.3."));

        foreach (var suite in facts.Tls12Suites)
        {
            string id = "tls.ciphers." + suite.Name;
            findings.Add(suite.Weakness is { } weakness
                ? new Finding(id, Finding.Fail, $"{suite.Name} is accepted: {weakness}.", "TLS 1.2", "Remove it from the server's suites.")
                : !suite.ForwardSecret
                    ? new Finding(id, Finding.Fail, $"{suite.Name} is accepted: no forward secrecy.", "TLS 1.2", "Use ECDHE suites only.")
                    : !suite.Aead
                        ? new Finding(id, Finding.Warn, $"{suite.Name} is accepted: CBC mode.", "TLS 1.2", "Use AES-GCM or ChaCha20-Poly1305 suites only.")
                        : new Finding(id, Finding.Pass, $"{suite.Name}: forward secret, AEAD.", "TLS 1.2", null));
        }

        findings.Add(new Finding("tls.ciphers.tls13", Finding.Info, $"TLS 1.3 suites: {(facts.Tls13Suites.Count == 0 ? "none" : string.Join(", ", facts.Tls13Suites.Select(s => s.Name)))}.", "TLS 1.3", null));
        findings.Add(new Finding("tls.ciphers.order", Finding.Info, facts.ServerOrder switch { true => "The server enforces its own suite order.", false => "The server follows the client's suite order.", _ => "Suite order not decidable (fewer than two suites)." }, "two probes in opposite orders", null));
        findings.Add(facts.SecureRenegotiation
            ? new Finding("tls.renegotiation", Finding.Pass, "Secure renegotiation (RFC 5746) is supported.", "renegotiation_info in the ServerHello", null)
            : new Finding("tls.renegotiation", Finding.Warn, "Secure renegotiation is not signalled.", "no renegotiation_info", "Upgrade the TLS library or disable renegotiation."));
        findings.Add(facts.Compression
            ? new Finding("tls.compression", Finding.Fail, "TLS compression is accepted (CRIME).", "DEFLATE chosen", "Disable TLS compression.")
            : new Finding("tls.compression", Finding.Pass, "TLS compression is refused.", "null compression chosen", null));
        if (facts.Groups is { } groups)
        {
            findings.Add(groups.Count == 0
                ? new Finding("tls.groups", Finding.Info, "No probed key exchange group was accepted in TLS 1.3.", "each group offered alone", null)
                : new Finding("tls.groups", Finding.Info, $"TLS 1.3 key exchange groups: {string.Join(", ", groups.Select(KeyGroups.Describe))}.", "each group offered alone", null));
        }

        findings.Add(facts.OcspStapling
            ? new Finding("tls.ocsp-stapling", Finding.Info, "The server staples OCSP responses.", "status_request in the TLS 1.2 ServerHello", null)
            : new Finding("tls.ocsp-stapling", Finding.Info, "The server does not staple OCSP responses (SSL Labs does not deduct for this).", "no status_request in the TLS 1.2 ServerHello", null));
        return findings;
    }

    private static string Id(TlsVersion version) => version switch
    {
        TlsVersion.Ssl30 => "ssl3",
        TlsVersion.Tls10 => "tls10",
        TlsVersion.Tls11 => "tls11",
        TlsVersion.Tls12 => "tls12",
        _ => "tls13",
    };
}

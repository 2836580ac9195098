using Ehi.Check.Engine;
using Ehi.Check.Findings;
using Ehi.Check.Handshake;

namespace Ehi.Check.Checks.Tls;

/// <summary>Protocols, cipher suites, renegotiation, compression, groups and stapling, measured
/// with crafted ClientHellos (<see cref="TlsFacts"/>); every finding carries the typed fact the grader reads.</summary>
public sealed class TlsCheck : ICheck
{
    /// <inheritdoc />
    public string Id => "tls";

    /// <inheritdoc />
    public string Description => "Protocol versions, cipher suites, secure renegotiation, compression, key exchange groups, OCSP stapling.";

    /// <inheritdoc />
    public async Task<IReadOnlyList<Finding>> RunAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var prober = new TlsProber(context.Host, context.Port, context.ServerName, context.Options.Timeout);
        return Run(await TlsFacts.MeasureAsync(prober, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The findings.</summary>
    public static IReadOnlyList<Finding> Run(TlsFacts facts)
    {
        var findings = new List<Finding>();
        foreach (var (version, name) in new[] { (TlsVersion.Ssl30, "SSL 3.0"), (TlsVersion.Tls10, "TLS 1.0"), (TlsVersion.Tls11, "TLS 1.1") })
        {
            findings.Add((facts.Versions[version]
                ? new Finding($"tls.protocols.{VersionId(version)}", FindingStatus.Fail, $"{name} is accepted.", "ServerHello for " + name, $"Disable {name}; allow TLS 1.2 and 1.3 only.")
                : new Finding($"tls.protocols.{VersionId(version)}", FindingStatus.Pass, $"{name} is refused.", "no ServerHello for " + name, null)) with
            { Facts = new ProtocolFact(version, facts.Versions[version]) });
        }

        findings.Add((facts.Versions[TlsVersion.Tls12]
            ? new Finding("tls.protocols.tls12", FindingStatus.Pass, "TLS 1.2 is offered.", "ServerHello for TLS 1.2", null)
            : new Finding("tls.protocols.tls12", FindingStatus.Fail, "TLS 1.2 is not offered.", "no ServerHello for TLS 1.2", "Enable TLS 1.2.")) with
        { Facts = new ProtocolFact(TlsVersion.Tls12, facts.Versions[TlsVersion.Tls12]) });
        findings.Add((facts.Versions[TlsVersion.Tls13]
            ? new Finding("tls.protocols.tls13", FindingStatus.Pass, "TLS 1.3 is offered.", "ServerHello for TLS 1.3", null)
            : new Finding("tls.protocols.tls13", FindingStatus.Warn, "TLS 1.3 is not offered (SSL Labs caps at A-).", "no ServerHello for TLS 1.3", "Enable TLS 1.3.")) with
        { Facts = new ProtocolFact(TlsVersion.Tls13, facts.Versions[TlsVersion.Tls13]) });

        foreach (var suite in facts.Tls12Suites)
        {
            string id = "tls.ciphers." + suite.Name;
            findings.Add((suite.Weakness is { } weakness
                ? new Finding(id, FindingStatus.Fail, $"{suite.Name} is accepted: {weakness}.", "TLS 1.2", "Remove it from the server's suites.")
                : !suite.ForwardSecret
                    ? new Finding(id, FindingStatus.Fail, $"{suite.Name} is accepted: no forward secrecy.", "TLS 1.2", "Use ECDHE suites only.")
                    : !suite.Aead
                        ? new Finding(id, FindingStatus.Warn, $"{suite.Name} is accepted: CBC mode.", "TLS 1.2", "Use AES-GCM or ChaCha20-Poly1305 suites only.")
                        : new Finding(id, FindingStatus.Pass, $"{suite.Name}: forward secret, AEAD.", "TLS 1.2", null)) with
            { Facts = new CipherSuitesFact(TlsVersion.Tls12, [suite]) });
        }

        findings.Add(new Finding("tls.ciphers.tls13", FindingStatus.Info, $"TLS 1.3 suites: {(facts.Tls13Suites.Count == 0 ? "none" : string.Join(", ", facts.Tls13Suites.Select(s => s.Name)))}.", "TLS 1.3", null) { Facts = new CipherSuitesFact(TlsVersion.Tls13, facts.Tls13Suites) });
        findings.Add(new Finding("tls.ciphers.order", FindingStatus.Info, facts.ServerOrder switch { true => "The server enforces its own suite order.", false => "The server follows the client's suite order.", _ => "Suite order not decidable (fewer than two suites)." }, "two probes in opposite orders", null));
        // Only meaningful when TLS 1.2 is offered: a TLS 1.3-only server has no renegotiation at all.
        var secure = new SecureRenegotiationFact(facts.SecureRenegotiation || !facts.Versions[TlsVersion.Tls12]);
        findings.Add((secure.Supported
            ? new Finding("tls.renegotiation", FindingStatus.Pass, facts.Versions[TlsVersion.Tls12] ? "Secure renegotiation (RFC 5746) is supported." : "No TLS 1.2, so no renegotiation.", "renegotiation_info in the ServerHello", null)
            : new Finding("tls.renegotiation", FindingStatus.Warn, "Secure renegotiation is not signalled.", "no renegotiation_info", "Upgrade the TLS library or disable renegotiation.")) with
        { Facts = secure });
        findings.Add((facts.Compression
            ? new Finding("tls.compression", FindingStatus.Fail, "TLS compression is accepted (CRIME).", "DEFLATE chosen", "Disable TLS compression.")
            : new Finding("tls.compression", FindingStatus.Pass, "TLS compression is refused.", "null compression chosen", null)) with
        { Facts = new CompressionFact(facts.Compression) });
        if (facts.Groups is { } groups)
        {
            findings.Add(groups.Count == 0
                ? new Finding("tls.groups", FindingStatus.Info, "No probed key exchange group was accepted in TLS 1.3.", "each group offered alone", null)
                : new Finding("tls.groups", FindingStatus.Info, $"TLS 1.3 key exchange groups: {string.Join(", ", groups.Select(KeyGroups.Describe))}.", "each group offered alone", null));
        }

        findings.Add(facts.OcspStapling
            ? new Finding("tls.ocsp-stapling", FindingStatus.Info, "The server staples OCSP responses.", "status_request in the TLS 1.2 ServerHello", null)
            : new Finding("tls.ocsp-stapling", FindingStatus.Info, "The server does not staple OCSP responses (SSL Labs does not deduct for this).", "no status_request in the TLS 1.2 ServerHello", null));
        return findings;
    }

    private static string VersionId(TlsVersion version) => version switch
    {
        TlsVersion.Ssl30 => "ssl3",
        TlsVersion.Tls10 => "tls10",
        TlsVersion.Tls11 => "tls11",
        TlsVersion.Tls12 => "tls12",
        _ => "tls13",
    };
}

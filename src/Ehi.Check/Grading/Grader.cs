using Ehi.Check.Checks;
using Ehi.Check.Findings;
using Ehi.Check.Handshake;

namespace Ehi.Check.Grading;

/// <summary>Grades measured facts the way the SSL Labs rating guide does: a score from protocol,
/// key exchange and cipher strength, then caps, each with its reason; A- for a missing TLS 1.3 or
/// short HSTS; A+ when nothing is left to warn about. No grade when a required measurement is missing.</summary>
public static class Grader
{
    /// <summary>The grade.</summary>
    public static Grade Rate(TlsFacts? tls, IReadOnlyList<Finding> findings)
    {
        if (tls is null || !findings.Any(f => f.Id == "chain.trust"))
        {
            return new Grade(null, 0, ["not graded: the protocol and chain checks did not run"]);
        }

        var reasons = new List<string>();
        var versions = tls.Versions.Where(v => v.Value).Select(v => v.Key).ToList();
        if (versions.Count == 0)
        {
            return new Grade("F", 0, ["no protocol version is accepted"]);
        }

        int protocol = (ProtocolScore(versions.Max()) + ProtocolScore(versions.Min())) / 2;
        int keyExchange = KeyScore(findings.FirstOrDefault(f => f.Id == "chain.key")?.Text);
        var suites = tls.Tls12Suites.Concat(tls.Tls13Suites).ToList();
        int cipher = suites.Count == 0 ? 0 : (suites.Max(Strength) + suites.Min(Strength)) / 2;
        int score = (int)Math.Round(0.3 * protocol + 0.3 * keyExchange + 0.4 * cipher);
        string letter = score >= 80 ? "A" : score >= 65 ? "B" : score >= 50 ? "C" : score >= 35 ? "D" : score >= 20 ? "E" : "F";

        void Cap(string cap, string reason)
        {
            reasons.Add($"capped at {cap}: {reason}");
            if (Rank(cap) > Rank(letter))
            {
                letter = cap;
            }
        }

        if (tls.Compression)
        {
            Cap("C", "TLS compression (CRIME)");
        }

        if (suites.Any(s => s.Weakness is "RC4" or "NULL" or "EXPORT" or "anonymous"))
        {
            Cap("F", "insecure suites (RC4, NULL, EXPORT or anonymous) are accepted");
        }

        if (!tls.SecureRenegotiation && tls.Versions[TlsVersion.Tls12])
        {
            Cap("F", "secure renegotiation is not supported");
        }

        if (!tls.Versions[TlsVersion.Tls12] && !tls.Versions[TlsVersion.Tls13])
        {
            Cap("C", "TLS 1.2 is not supported");
        }

        if (suites.Any(s => s.Weakness == "3DES"))
        {
            Cap("C", "3DES suites are accepted (Sweet32)");
        }

        if (tls.Versions[TlsVersion.Ssl30])
        {
            Cap("C", "SSL 3.0 is accepted (POODLE)");
        }

        if (tls.Versions[TlsVersion.Tls10] || tls.Versions[TlsVersion.Tls11])
        {
            Cap("B", "TLS 1.0 or 1.1 is accepted");
        }

        if (tls.Tls12Suites.Count > 0 && !tls.Tls12Suites.Any(s => s.ForwardSecret) && tls.Tls13Suites.Count == 0)
        {
            Cap("B", "no forward-secret suite");
        }

        if (suites.Count > 0 && !suites.Any(s => s.Aead))
        {
            Cap("B", "no AEAD suite");
        }

        if (Failed(findings, "chain.intermediates"))
        {
            Cap("B", "the chain is incomplete (intermediate not sent)");
        }

        // A chain that fails only for want of the intermediate is the rating guide's B, not T:
        // clients that fetch intermediates (as SSL Labs does) still trust it.
        if ((Failed(findings, "chain.trust") && !Failed(findings, "chain.intermediates")) || Failed(findings, "chain.validity"))
        {
            reasons.Add("T: the certificate is not trusted or not valid now");
            return new Grade("T", score, reasons);
        }

        if (Failed(findings, "chain.hostname"))
        {
            reasons.Add("M: the certificate does not match the host name");
            return new Grade("M", score, reasons);
        }

        if (letter == "A")
        {
            var warnings = new List<string>();
            if (!tls.Versions[TlsVersion.Tls13])
            {
                warnings.Add("TLS 1.3 is not supported");
            }

            if (findings.FirstOrDefault(f => f.Id == "http.hsts") is { Status: not Finding.Pass })
            {
                warnings.Add("HSTS is missing or shorter than 180 days");
            }

            if (warnings.Count > 0)
            {
                letter = "A-";
                reasons.AddRange(warnings.Select(w => "A-: " + w));
            }
            else if (findings.All(f => f.Status is Finding.Pass or Finding.Info))
            {
                letter = "A+";
                reasons.Add("A+: TLS 1.3, HSTS and nothing left to warn about");
            }
        }

        return new Grade(letter, score, reasons);
    }

    private static bool Failed(IReadOnlyList<Finding> findings, string id) => findings.Any(f => f.Id == id && f.Status == Finding.Fail);

    private static int Rank(string letter) => letter switch { "A+" => 0, "A" => 1, "A-" => 2, "B" => 3, "C" => 4, "D" => 5, "E" => 6, _ => 7 };

    private static int ProtocolScore(TlsVersion version) => version switch
    {
        TlsVersion.Ssl30 => 80,
        TlsVersion.Tls10 => 90,
        TlsVersion.Tls11 => 95,
        _ => 100,
    };

    // The rating guide's key exchange table: 2048-bit RSA and 256-bit ECC score 90, 4096+/384+ score 100.
    private static int KeyScore(string? keyText)
    {
        if (keyText is null)
        {
            return 0;
        }

        int bits = int.TryParse(keyText.Split(' ')[1].Replace("-bit", string.Empty, StringComparison.Ordinal), out int b) ? b : 0;
        bool ecdsa = keyText.StartsWith("ECDSA", StringComparison.Ordinal);
        return ecdsa ? (bits >= 384 ? 100 : bits >= 256 ? 90 : 40) : (bits >= 4096 ? 100 : bits >= 2048 ? 90 : bits >= 1024 ? 80 : 40);
    }

    private static int Strength(CipherSuiteInfo suite) =>
        suite.Weakness is "NULL" or "anonymous" ? 0 : suite.Weakness == "EXPORT" ? 20 : suite.Name.Contains("256", StringComparison.Ordinal) || suite.Name.Contains("CHACHA20", StringComparison.Ordinal) ? 100 : suite.Weakness is "3DES" or "RC4" ? 80 : 80;
}

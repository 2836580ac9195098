using Ehi.Check.Findings;
using Ehi.Check.Handshake;

namespace Ehi.Check.Grading;

/// <summary>Grades measured facts the way the SSL Labs rating guide does: a score from protocol,
/// key exchange and cipher strength, then caps, each with its reason; A- for a missing TLS 1.3 or
/// short HSTS; A+ when nothing is left to warn about. It reads the findings' typed facts and
/// statuses, never their text; no grade when a required measurement is missing (a check that
/// did not run or ended in ERROR).</summary>
public static class Grader
{
    /// <summary>The grade.</summary>
    public static Grade Rate(IReadOnlyList<Finding> findings)
    {
        var protocols = Facts<ProtocolFact>(findings).ToDictionary(p => p.Version, p => p.Accepted);
        if (protocols.Count == 0 || !findings.Any(f => f.Id == "chain.trust"))
        {
            var errored = findings.Where(f => f.Status == FindingStatus.Error).Select(f => f.Id[..^".error".Length]).ToList();
            return new Grade(null, 0, [errored.Count > 0
                ? $"not graded: the {string.Join(" and ", errored)} check(s) did not complete"
                : "not graded: the protocol and chain checks did not run"]);
        }

        bool Accepts(TlsVersion version) => protocols.TryGetValue(version, out bool accepted) && accepted;
        var reasons = new List<string>();
        var versions = protocols.Where(v => v.Value).Select(v => v.Key).ToList();
        if (versions.Count == 0)
        {
            return new Grade(GradeLetter.F, 0, ["no protocol version is accepted"]);
        }

        int protocol = (ProtocolScore(versions.Max()) + ProtocolScore(versions.Min())) / 2;
        int keyExchange = KeyScore(Facts<KeyFact>(findings).FirstOrDefault());
        var suites = Facts<CipherSuitesFact>(findings).SelectMany(f => f.Suites).ToList();
        var tls12Suites = Facts<CipherSuitesFact>(findings).Where(f => f.Version == TlsVersion.Tls12).SelectMany(f => f.Suites).ToList();
        bool tls13Suites = Facts<CipherSuitesFact>(findings).Any(f => f.Version == TlsVersion.Tls13 && f.Suites.Count > 0);
        int cipher = suites.Count == 0 ? 0 : (suites.Max(Strength) + suites.Min(Strength)) / 2;
        int score = (int)Math.Round(0.3 * protocol + 0.3 * keyExchange + 0.4 * cipher);
        var letter = score >= 80 ? GradeLetter.A : score >= 65 ? GradeLetter.B : score >= 50 ? GradeLetter.C : score >= 35 ? GradeLetter.D : score >= 20 ? GradeLetter.E : GradeLetter.F;

        void Cap(GradeLetter cap, string reason)
        {
            reasons.Add($"capped at {cap.Display()}: {reason}");
            if (cap > letter)
            {
                letter = cap;
            }
        }

        if (Facts<CompressionFact>(findings).Any(f => f.Accepted))
        {
            Cap(GradeLetter.C, "TLS compression (CRIME)");
        }

        if (suites.Any(s => s.Weakness is "RC4" or "NULL" or "EXPORT" or "anonymous"))
        {
            Cap(GradeLetter.F, "insecure suites (RC4, NULL, EXPORT or anonymous) are accepted");
        }

        if (Facts<SecureRenegotiationFact>(findings).Any(f => !f.Supported) && Accepts(TlsVersion.Tls12))
        {
            Cap(GradeLetter.F, "secure renegotiation is not supported");
        }

        if (!Accepts(TlsVersion.Tls12) && !Accepts(TlsVersion.Tls13))
        {
            Cap(GradeLetter.C, "TLS 1.2 is not supported");
        }

        if (suites.Any(s => s.Weakness == "3DES"))
        {
            Cap(GradeLetter.C, "3DES suites are accepted (Sweet32)");
        }

        if (Accepts(TlsVersion.Ssl30))
        {
            Cap(GradeLetter.C, "SSL 3.0 is accepted (POODLE)");
        }

        if (Accepts(TlsVersion.Tls10) || Accepts(TlsVersion.Tls11))
        {
            Cap(GradeLetter.B, "TLS 1.0 or 1.1 is accepted");
        }

        if (tls12Suites.Count > 0 && !tls12Suites.Any(s => s.ForwardSecret) && !tls13Suites)
        {
            Cap(GradeLetter.B, "no forward-secret suite");
        }

        if (suites.Count > 0 && !suites.Any(s => s.Aead))
        {
            Cap(GradeLetter.B, "no AEAD suite");
        }

        if (Failed(findings, "chain.intermediates"))
        {
            Cap(GradeLetter.B, "the chain is incomplete (intermediate not sent)");
        }

        // A chain that fails only for want of the intermediate is the rating guide's B, not T:
        // clients that fetch intermediates (as SSL Labs does) still trust it.
        if ((Failed(findings, "chain.trust") && !Failed(findings, "chain.intermediates")) || Failed(findings, "chain.validity"))
        {
            reasons.Add("T: the certificate is not trusted or not valid now");
            return new Grade(GradeLetter.T, score, reasons);
        }

        if (Failed(findings, "chain.hostname"))
        {
            reasons.Add("M: the certificate does not match the host name");
            return new Grade(GradeLetter.M, score, reasons);
        }

        if (letter == GradeLetter.A)
        {
            var warnings = new List<string>();
            if (!Accepts(TlsVersion.Tls13))
            {
                warnings.Add("TLS 1.3 is not supported");
            }

            if (Facts<HstsFact>(findings).FirstOrDefault() is not { MaxAgeSeconds: >= HstsFact.SixMonths })
            {
                warnings.Add("HSTS is missing or shorter than 180 days");
            }

            if (warnings.Count > 0)
            {
                letter = GradeLetter.AMinus;
                reasons.AddRange(warnings.Select(w => "A-: " + w));
            }
            else if (findings.All(f => f.Status is FindingStatus.Pass or FindingStatus.Info))
            {
                letter = GradeLetter.APlus;
                reasons.Add("A+: TLS 1.3, HSTS and nothing left to warn about");
            }
        }

        return new Grade(letter, score, reasons);
    }

    private static IEnumerable<T> Facts<T>(IReadOnlyList<Finding> findings)
        where T : FindingFacts => findings.Select(f => f.Facts).OfType<T>();

    private static bool Failed(IReadOnlyList<Finding> findings, string id) => findings.Any(f => f.Id == id && f.Status == FindingStatus.Fail);

    private static int ProtocolScore(TlsVersion version) => version switch
    {
        TlsVersion.Ssl30 => 80,
        TlsVersion.Tls10 => 90,
        TlsVersion.Tls11 => 95,
        _ => 100,
    };

    // The rating guide's key exchange table: 2048-bit RSA and 256-bit ECC score 90, 4096+/384+ score 100.
    private static int KeyScore(KeyFact? key) => key switch
    {
        null => 0,
        { Algorithm: "ECDSA", Bits: var bits } => bits >= 384 ? 100 : bits >= 256 ? 90 : 40,
        { Bits: var bits } => bits >= 4096 ? 100 : bits >= 2048 ? 90 : bits >= 1024 ? 80 : 40,
    };

    private static int Strength(CipherSuiteInfo suite) =>
        suite.Weakness is "NULL" or "anonymous" ? 0 : suite.Weakness == "EXPORT" ? 20 : suite.Name.Contains("256", StringComparison.Ordinal) || suite.Name.Contains("CHACHA20", StringComparison.Ordinal) ? 100 : suite.Weakness is "3DES" or "RC4" ? 80 : 80;
}

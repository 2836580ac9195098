using System.Security.Cryptography.X509Certificates;
using Ehi.Pki.Signing;

namespace Ehi.Pki.Inspection;

/// <summary>How a bundle's certificates relate: whether each one is issued by the next (the order
/// TLS requires: leaf first), and how the bundle ends.</summary>
/// <param name="InOrder">Each certificate is issued by the one after it.</param>
/// <param name="BrokenAt">Index of the first certificate not issued by the next one, or -1.</param>
/// <param name="EndsWithRoot">The last certificate is self-signed.</param>
/// <param name="Summary">One sentence for the user.</param>
public sealed record ChainOrder(bool InOrder, int BrokenAt, bool EndsWithRoot, string Summary)
{
    /// <summary>Analyses a bundle in file order.</summary>
    public static ChainOrder Analyze(IReadOnlyList<X509Certificate2> bundle)
    {
        if (bundle.Count == 0)
        {
            return new ChainOrder(false, 0, false, "The bundle holds no certificate.");
        }

        for (int i = 0; i < bundle.Count - 1; i++)
        {
            if (!CertificateSignature.IsIssuedBy(bundle[i], bundle[i + 1]))
            {
                return new ChainOrder(false, i, false,
                    $"Certificate {i} ({bundle[i].Subject}) is not issued by certificate {i + 1} ({bundle[i + 1].Subject}): the bundle is out of order or a certificate is missing.");
            }
        }

        var last = bundle[^1];
        bool endsWithRoot = CertificateSignature.IsSelfSigned(last);
        string summary = endsWithRoot
            ? $"The chain is complete and in order, ending with the root {last.Subject}."
            : bundle.Count == 1
                ? $"A single certificate issued by {last.Issuer}; a server must send its intermediates too."
                : $"The chain is in order; it ends at {last.Subject}, issued by the root {last.Issuer} (not included, as a server chain should be).";
        return new ChainOrder(true, -1, endsWithRoot, summary);
    }
}

using Ehi.Pki.Dev;
using Ehi.Server.Hosting;

namespace Ehi.Cli.Commands.Serve;

/// <summary>Prints what the server is serving and the guide's test commands.</summary>
internal static class StartupReportRenderer
{
    public static void Render(TextWriter output, StartupReport report, IReadOnlyList<Uri> addresses, Uri? admin, DevPkiLayout? dev, string processing)
    {
        output.WriteLine($"ehi serve: listening on {string.Join(", ", addresses.Select(a => a.Authority))} (EHI path {report.Path})");
        output.WriteLine($"  server certificate  {report.ServerSubject}, expires {report.ServerNotAfter:yyyy-MM-dd}, sent with {report.ServerChainLength - 1} intermediate(s)");
        foreach (var (subject, notAfter) in report.TrustedCas)
        {
            output.WriteLine($"  trusted client CA   {subject}, expires {notAfter:yyyy-MM-dd}");
        }

        foreach (string crl in report.Crls.DefaultIfEmpty("none configured"))
        {
            output.WriteLine($"  CRL                 {crl}");
        }

        output.WriteLine($"  processing          {processing}");
        if (admin is not null)
        {
            output.WriteLine($"  admin API           {admin.GetLeftPart(UriPartial.Authority)} (ehi cards, ehi ledger verify --admin URL)");
        }

        foreach (string control in report.Controls)
        {
            output.WriteLine($"  control             {control}");
        }

        foreach (string warning in report.Warnings)
        {
            output.WriteLine($"  WARNING             {warning}");
        }

        // Use the name the certificate carries when listening on localhost, so host name checks pass.
        var first = addresses.Count > 0 ? addresses[0] : new Uri("https://localhost:8443");
        string host = report.Listen.StartsWith("localhost", StringComparison.OrdinalIgnoreCase) ? "localhost" : first.Host;
        var endpoint = new UriBuilder("https", host.Trim('[', ']'), first.Port, report.Path).Uri;
        output.WriteLine();
        output.WriteLine("Guide 4.1.4 checks, ready to paste:");
        foreach (string line in GuideCommands.For(endpoint, dev))
        {
            output.WriteLine("  " + line);
        }

        output.WriteLine();
        output.WriteLine("Stop with Ctrl+C (in-flight requests are drained).");
        output.Flush();
    }
}

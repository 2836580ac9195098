using System.CommandLine;
using System.Text.Json;
using Ehi.Cli.Output;
using Ehi.Processing.Admin;

namespace Ehi.Cli.Commands.Cards;

/// <summary><c>ehi ledger verify</c>: the ledger's invariants.</summary>
internal static class LedgerCommand
{
    public static Command Create(Terminal terminal)
    {
        var (admin, token) = (AdminClient.UrlOption(), AdminClient.TokenOption());
        var json = CommonOptions.Json();
        var verify = new Command("verify", CommonOptions.Help(
            "Check the built-in ledger: postings balance to zero, every balance equals its postings, holds equal blocked amounts and none is negative, every journalled message has the effect its kind requires. Exit 0 when all hold, 1 otherwise.",
            "ehi ledger verify", "ehi ledger verify --admin http://127.0.0.1:8444 --json"))
        {
            admin, token, json,
        };
        verify.SetAction(async (result, cancellationToken) =>
        {
            using var client = AdminClient.From(result, admin, token);
            string body = await client.SendAsync(HttpMethod.Get, "ledger/verify", null, "verify the ledger", cancellationToken).ConfigureAwait(false);
            var report = JsonSerializer.Deserialize(body, AdminJsonContext.Default.VerifyDocument)!;
            if (result.GetValue(json))
            {
                terminal.Out.WriteLine(body);
            }
            else
            {
                foreach (string violation in report.Violations)
                {
                    terminal.Out.WriteLine("FAIL " + violation);
                }

                terminal.Out.WriteLine(report.Ok ? "The ledger is consistent." : $"{report.Violations.Count} invariant violation(s).");
            }

            return report.Ok ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
        return new Command("ledger", CommonOptions.Help("The built-in ledger.", "ehi ledger verify")) { verify };
    }
}

using System.CommandLine;
using System.Text.Json;
using Ehi.Cli.Output;
using Ehi.Processing.Admin;
using Ehi.Processing.Ledger;

namespace Ehi.Cli.Commands.Cards;

/// <summary><c>ehi ledger verify</c>: the ledger's invariants.</summary>
internal static class LedgerCommand
{
    public static Command Create(Terminal terminal)
    {
        var (admin, token) = (AdminClient.UrlOption(), AdminClient.TokenOption());
        var json = CommonOptions.Json();
        var data = new Option<string?>("--data") { Description = "Verify the SQLite store in this directory directly, instead of asking a running server." };
        var database = new Option<string?>("--database") { Description = "Verify this PostgreSQL database directly (connection string or postgres:// URL), instead of asking a running server." };
        var verify = new Command("verify", CommonOptions.Help(
            "Check the built-in ledger: postings balance to zero, every balance equals its postings, holds equal blocked amounts and none is negative, every journalled message has the effect its kind requires and the posting legs it recorded. Asks the running server's admin API, or reads a store directly with --data or --database. Exit 0 when all hold, 1 otherwise.",
            "ehi ledger verify", "ehi ledger verify --admin http://127.0.0.1:8444 --json", "ehi ledger verify --database postgres://ehi@localhost/ehi"))
        {
            admin, token, json, data, database,
        };
        verify.SetAction(async (result, cancellationToken) =>
        {
            string body;
            if (result.GetValue(data) is { } directory || result.GetValue(database) is not null)
            {
                await using var store = await Journal.JournalAccess.OpenAsync(result.GetValue(data) ?? string.Empty, result.GetValue(database), cancellationToken).ConfigureAwait(false);
                var violations = await LedgerVerifier.VerifyAsync(store, cancellationToken).ConfigureAwait(false);
                body = JsonSerializer.Serialize(new VerifyDocument(violations.Count == 0, violations), AdminJsonContext.Default.VerifyDocument);
            }
            else
            {
                using var client = AdminClient.From(result, admin, token);
                body = await client.SendAsync(HttpMethod.Get, "ledger/verify", null, "verify the ledger", cancellationToken).ConfigureAwait(false);
            }

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
        return new Command("ledger", CommonOptions.Help("The built-in ledger: its invariants and the messages it could not match.", "ehi ledger verify", "ehi ledger unmatched --since 2026-11-01")) { verify, LedgerUnmatchedCommand.Create(terminal) };
    }
}

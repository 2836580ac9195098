using System.CommandLine;
using System.Text.Json;
using Ehi.Cli.Commands.Cards;
using Ehi.Cli.Output;

namespace Ehi.Cli.Commands.Status;

/// <summary><c>ehi status</c>: the server's readiness (/readyz on the admin listener) for a terminal.</summary>
internal static class StatusCommand
{
    public static Command Create(Terminal terminal)
    {
        var admin = AdminClient.UrlOption();
        var json = new Option<bool>("--json") { Description = "Print the server's /readyz document as it is." };
        var command = new Command("status", CommonOptions.Help(
            "Show whether ehi serve is ready: TLS material, CRLs, journal (and database), each with its detail, from /readyz on the admin listener. " +
            "Exit 0 when ready, 1 when not, 3 when the admin listener cannot be reached.",
            "ehi status",
            "ehi status --admin http://127.0.0.1:8444 --json"))
        {
            admin, json,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            string text = result.GetValue(admin)!;
            if (!Uri.TryCreate(text, UriKind.Absolute, out var baseUrl))
            {
                throw new CliError(ExitCodes.Usage, "read the status", $"'{text}' is not a URL", "pass --admin http://127.0.0.1:8444");
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
            string body;
            int status;
            try
            {
                using var response = await http.GetAsync(new Uri(baseUrl, "/readyz"), cancellationToken).ConfigureAwait(false);
                status = (int)response.StatusCode;
                body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                throw new CliError(ExitCodes.Unreachable, $"reach ehi serve's admin listener at {baseUrl}", ex.Message, "start ehi serve, or pass --admin URL (its admin API line)");
            }

            JsonElement document;
            try
            {
                document = JsonDocument.Parse(body).RootElement;
            }
            catch (JsonException)
            {
                throw new CliError(ExitCodes.Unreachable, $"read the status at {baseUrl}", $"HTTP {status} without a readiness document", "check that --admin points at ehi serve's admin listener");
            }

            bool ready = status == 200;
            if (result.GetValue(json))
            {
                terminal.Out.WriteLine(body);
            }
            else
            {
                terminal.Out.WriteLine($"ehi at {baseUrl}: {(ready ? "ready" : "NOT READY")}");
                foreach (var check in document.GetProperty("checks").EnumerateArray())
                {
                    terminal.Out.WriteLine($"  {check.GetProperty("status").GetString(),-8} {check.GetProperty("name").GetString(),-9} {check.GetProperty("detail").GetString()}");
                }
            }

            return ready ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
        return command;
    }
}

using System.CommandLine;
using Ehi.Cli.Commands.Cards;
using Ehi.Cli.Commands.Check;
using Ehi.Cli.Commands.Journal;
using Ehi.Cli.Commands.Pki;
using Ehi.Cli.Commands.Serve;
using Ehi.Cli.Commands.Simulate;
using Ehi.Cli.Commands.Status;
using Ehi.Cli.Output;
using Ehi.Pki;

namespace Ehi.Cli;

/// <summary>The <c>ehi</c> command tree and the one place where outcomes become exit codes.</summary>
internal static class CliApplication
{
    // After SIGTERM/Ctrl+C a command gets this long to finish on its own (serve drains and closes its
    // journal) before System.CommandLine gives up on it with exit code 130/143.
    private static readonly TimeSpan TerminationGrace = TimeSpan.FromSeconds(60);

    private const string ShortUsage = """
        ehi: the Thredd EHI external host.

          ehi serve --dev                  serve https://localhost:8443/ehi with mTLS on a dev PKI
          ehi pki dev                      create the dev PKI (processor CAs + transport cert, host chain)
          ehi pki csr --cn HOST            make a key and CSR for your commercial CA
          ehi pki inspect FILE             show a certificate bundle: chain order, expiry, pins
          ehi simulate run --all --dev     play Thredd's lifecycles against the dev server and assert every answer

        'ehi --help' lists every verb; 'ehi VERB --help' explains one.
        """;

    public static RootCommand Create(Terminal terminal) => new("ehi: the Thredd EHI external host: serve, status, pki, journal, cards, ledger, report, simulate, check.\n\n" + ExitCodes.HelpSection)
    {
        ServeCommand.Create(terminal),
        PkiCommand.Create(terminal),
        JournalCommand.Create(terminal),
        CardsCommand.Create(terminal),
        LedgerCommand.Create(terminal),
        Commands.Report.ReportCommand.Create(terminal),
        Commands.Db.DbCommand.Create(terminal),
        SimulateCommand.Create(terminal),
        CheckCommand.Create(terminal),
        StatusCommand.Create(terminal),
    };

    public static async Task<int> RunAsync(string[] args, Terminal terminal, CancellationToken cancellationToken = default)
    {
        if (args.Length == 0)
        {
            terminal.Out.WriteLine(ShortUsage);
            return ExitCodes.Ok;
        }

        var root = Create(terminal);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                terminal.Error.WriteLine("error: " + error.Message);
            }

            terminal.Error.WriteLine($"hint: run '{string.Join(' ', CommandPath(parsed.CommandResult.Command).Prepend("ehi"))} --help'");
            return ExitCodes.Usage;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = terminal.Out, Error = terminal.Error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TerminationGrace }, cancellationToken).ConfigureAwait(false);
        }
        catch (CliError error)
        {
            return terminal.Fail(error);
        }
        catch (PkiException ex)
        {
            terminal.Error.WriteLine("error: " + ex.Message);
            return ExitCodes.LocalError;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            terminal.Error.WriteLine("error: " + ex.Message);
            return ExitCodes.LocalError;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            terminal.Error.WriteLine($"error: internal error in ehi ({ex.GetType().Name}: {ex.Message})");
            terminal.Error.WriteLine("hint: this is a bug; please report it with the command that caused it");
            return ExitCodes.Internal;
        }
    }

    private static IEnumerable<string> CommandPath(Command command)
    {
        var names = new Stack<string>();
        // The root's name is the host executable's (testhost under tests), so it is left out.
        for (Symbol? s = command; s is Command c and not RootCommand; s = c.Parents.FirstOrDefault())
        {
            names.Push(c.Name);
        }

        return names;
    }
}

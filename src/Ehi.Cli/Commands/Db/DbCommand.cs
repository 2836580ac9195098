using System.CommandLine;
using Ehi.Cli.Commands.Journal;
using Ehi.Cli.Output;
using Ehi.Processing.Journal;
using Ehi.Storage.Postgres;

namespace Ehi.Cli.Commands.Db;

/// <summary><c>ehi db migrate</c>: the PostgreSQL schema.</summary>
internal static class DbCommand
{
    public static Command Create(Terminal terminal)
    {
        var database = JournalAccess.DatabaseOption();
        var migrate = new Command("migrate", CommonOptions.Help(
            "Apply the PostgreSQL schema's missing steps (ehi serve also does at start, under an advisory lock, so hosts starting together are safe). Refuses a database written by a newer ehi.",
            "ehi db migrate --database postgres://ehi:secret@db.example:5432/ehi",
            "EHI__Database__ConnectionString='Host=db1,db2;Database=ehi;Username=ehi;Target Session Attributes=primary' ehi db migrate"))
        {
            database,
        };
        migrate.SetAction(async (result, cancellationToken) =>
        {
            string connection = result.GetValue(database) ?? throw new CliError(ExitCodes.Usage, "migrate", "no database given", "pass --database CONNECTION or set EHI__Database__ConnectionString");
            Npgsql.NpgsqlDataSource source;
            try
            {
                source = PostgresStore.Build(PostgresConnection.Parse(connection));
            }
            catch (ArgumentException ex)
            {
                throw new CliError(ExitCodes.Usage, "read --database", ex.Message, "pass an Npgsql connection string or postgres://user:pass@host:port/db");
            }

            await using (source.ConfigureAwait(false))
            {
                try
                {
                    var (before, after) = await PostgresSchema.MigrateAsync(source, cancellationToken).ConfigureAwait(false);
                    terminal.Out.WriteLine(before == after ? $"The schema is up to date (version {after})." : $"Migrated the schema from version {before} to {after}.");
                    return ExitCodes.Ok;
                }
                catch (JournalUnavailableException ex)
                {
                    throw new CliError(ExitCodes.LocalError, "migrate", ex.Message, "run a newer ehi");
                }
                catch (Exception ex) when (ex is Npgsql.NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
                {
                    throw new CliError(ExitCodes.Unreachable, "migrate", ex.Message, "check --database and that PostgreSQL runs");
                }
            }
        });
        return new Command("db", CommonOptions.Help("The PostgreSQL database of ehi serve --database.", "ehi db migrate --database postgres://ehi@localhost/ehi")) { migrate };
    }
}

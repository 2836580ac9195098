using Npgsql;

namespace Ehi.Storage.Postgres;

/// <summary>The <c>--database</c> setting: an Npgsql connection string
/// (<c>Host=db1,db2;Database=ehi;Username=ehi;Target Session Attributes=primary</c>) or a URL
/// (<c>postgres://user:pass@host:port,host2:port/db?target_session_attrs=primary</c>).</summary>
public static class PostgresConnection
{
    /// <summary>Parses either form.</summary>
    /// <exception cref="ArgumentException">The text is neither a URL nor a connection string Npgsql accepts.</exception>
    public static NpgsqlConnectionStringBuilder Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (!text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) && !text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return new NpgsqlConnectionStringBuilder(text);
        }

        // Uri cannot hold several host:port pairs, so the authority is split by hand.
        string rest = text[(text.IndexOf("://", StringComparison.Ordinal) + 3)..];
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        string authority = slash < 0 ? rest : rest[..slash];
        string path = slash < 0 ? string.Empty : rest[(slash + 1)..];
        string query = string.Empty;
        int mark = path.IndexOf('?', StringComparison.Ordinal);
        if (mark >= 0)
        {
            query = path[(mark + 1)..];
            path = path[..mark];
        }

        var builder = new NpgsqlConnectionStringBuilder();
        int at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            string user = authority[..at];
            authority = authority[(at + 1)..];
            int colon = user.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? user : user[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(user[(colon + 1)..]);
            }
        }

        if (authority.Length == 0)
        {
            throw new ArgumentException("the URL names no host");
        }

        builder.Host = authority;
        if (path.Length > 0)
        {
            builder.Database = Uri.UnescapeDataString(path);
        }

        foreach (string pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            string key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            string value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..]);
            builder[key switch
            {
                "target_session_attrs" => "Target Session Attributes",
                "sslmode" => "SSL Mode",
                "connect_timeout" => "Timeout",
                "application_name" => "Application Name",
                _ => key,
            }] = value;
        }

        return builder;
    }

    /// <summary>The connection without its password, for reports and logs.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder builder) =>
        $"PostgreSQL {builder.Host}{(builder.Host?.Contains(',', StringComparison.Ordinal) == false && builder.Port != NpgsqlConnection.DefaultPort ? ":" + builder.Port : string.Empty)}/{builder.Database}" +
        (builder.Username is { } user ? $" as {user}" : string.Empty) +
        (builder.TargetSessionAttributes is { } target ? $" ({target})" : string.Empty);
}

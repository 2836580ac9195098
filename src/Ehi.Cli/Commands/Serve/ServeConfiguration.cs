using System.Collections;
using Microsoft.Extensions.Configuration;

namespace Ehi.Cli.Commands.Serve;

/// <summary>The standard .NET configuration stack for <c>ehi serve</c>, each source overriding the
/// one before: the settings file (<c>--config FILE</c>, else <c>./appsettings.json</c> when present),
/// then environment variables in .NET's form (<c>EHI__Tls__CertificatePath</c> is
/// <c>Ehi:Tls:CertificatePath</c>; <c>Logging__LogLevel__Default</c> works too), then flags.</summary>
internal static class ServeConfiguration
{
    // Client-side conveniences of other verbs, not settings of the server.
    private static readonly HashSet<string> ClientVariables = new(StringComparer.Ordinal) { "EHI_PKI_DIR", "EHI_ADMIN", "EHI_ADMIN_TOKEN" };

    public static IConfiguration Build(string? configFile, IReadOnlyDictionary<string, string?> flags)
    {
        var builder = new ConfigurationBuilder();
        string file = Path.GetFullPath(configFile ?? "appsettings.json");
        builder.AddJsonFile(file, optional: configFile is null, reloadOnChange: false);
        builder.AddEnvironmentVariables();
        builder.AddInMemoryCollection(flags);
        return builder.Build();
    }

    /// <summary>Variables in the form of earlier releases (<c>EHI_Listen</c>): each one is a problem
    /// naming its new name, so a setting is never silently ignored after an upgrade.</summary>
    public static IEnumerable<string> OldFormVariables()
    {
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            string key = (string)entry.Key;
            if (key.StartsWith("EHI_", StringComparison.Ordinal) && !key.StartsWith("EHI__", StringComparison.Ordinal) && !ClientVariables.Contains(key))
            {
                yield return $"The environment variable {key} is in the old form and is not read; rename it EHI__{key[4..]} (two underscores after EHI, and between sections).";
            }
        }
    }
}

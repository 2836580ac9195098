using System.Collections;
using Microsoft.Extensions.Configuration;

namespace Ehi.Cli.Commands.Serve;

/// <summary>The standard configuration stack for <c>ehi serve</c>: appsettings.json, then
/// <c>EHI_*</c> environment variables (<c>EHI_Tls__CertificatePath</c> is
/// <c>Ehi:Tls:CertificatePath</c>), then command-line flags, each overriding the one before.</summary>
internal static class ServeConfiguration
{
    public static IConfiguration Build(string? configFile, IReadOnlyDictionary<string, string?> flags)
    {
        var builder = new ConfigurationBuilder();
        string file = Path.GetFullPath(configFile ?? "appsettings.json");
        builder.AddJsonFile(file, optional: configFile is null, reloadOnChange: false);
        builder.AddInMemoryCollection(FromEnvironment());
        builder.AddInMemoryCollection(flags);
        return builder.Build();
    }

    private static Dictionary<string, string?> FromEnvironment()
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            string key = (string)entry.Key;
            if (key.StartsWith("EHI_", StringComparison.Ordinal) && key != "EHI_PKI_DIR")
            {
                values["Ehi:" + key[4..].Replace("__", ":", StringComparison.Ordinal)] = (string?)entry.Value;
            }
        }

        return values;
    }
}

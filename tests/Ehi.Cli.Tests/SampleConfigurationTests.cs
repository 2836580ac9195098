using System.Reflection;
using System.Text.Json;
using Ehi.Cli.Commands.Serve;
using Ehi.Processing.Configuration;
using Ehi.Processing.Ledger;
using Ehi.Server.Configuration;
using Ehi.Testing;
using Microsoft.Extensions.Configuration;

namespace Ehi.Cli.Tests;

/// <summary>docs/configuration/appsettings.sample.json holds every setting of <c>ehi serve</c>, and only real ones.</summary>
public sealed class SampleConfigurationTests
{
    private static readonly string Sample = Repository.File("docs", "configuration", "appsettings.sample.json");

    [Fact]
    public void Sample_NamesEverySettingTheCodeReads_AndNothingElse()
    {
        var inCode = new SortedSet<string>(StringComparer.OrdinalIgnoreCase) { "Ehi:Data" };
        AddSettings(typeof(EhiServerOptions), EhiServerOptions.Section, inCode);
        AddSettings(typeof(ProcessingOptions), ProcessingOptions.Section, inCode);
        AddSettings(typeof(LedgerOptions), LedgerOptions.Section, inCode);

        var inSample = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        using (var document = JsonDocument.Parse(File.ReadAllText(Sample), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip }))
        {
            AddLeaves(document.RootElement.GetProperty("Ehi"), "Ehi", inSample);
        }

        Assert.Empty(inCode.Except(inSample, StringComparer.OrdinalIgnoreCase));
        Assert.Empty(inSample.Except(inCode, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void Sample_BindsWithoutProblems()
    {
        var configuration = ServeConfiguration.Build(Sample, new Dictionary<string, string?>());
        var problems = new List<string>();
        EhiServerOptionsValidator.Bind(configuration, problems);
        var processing = new ProcessingOptions();
        configuration.GetSection(ProcessingOptions.Section).Bind(processing);
        ProcessingOptionsValidator.Validate(processing, problems);
        Assert.Empty(problems);
    }

    private static void AddSettings(Type type, string prefix, ISet<string> keys)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.GetSetMethod() is not null))
        {
            string key = prefix + ":" + property.Name;
            if (property.PropertyType.IsClass && property.PropertyType.Namespace?.StartsWith("Ehi.", StringComparison.Ordinal) == true)
            {
                AddSettings(property.PropertyType, key, keys);
            }
            else
            {
                keys.Add(key);
            }
        }
    }

    private static void AddLeaves(JsonElement element, string path, ISet<string> keys)
    {
        if (element.ValueKind == JsonValueKind.Object && !IsMap(path))
        {
            foreach (var property in element.EnumerateObject())
            {
                AddLeaves(property.Value, path + ":" + property.Name, keys);
            }
        }
        else
        {
            keys.Add(path);
        }
    }

    // Dictionaries are settings of their own, whatever keys they hold.
    private static bool IsMap(string path) => path.Equals("Ehi:Processing:ProductModes", StringComparison.OrdinalIgnoreCase);
}

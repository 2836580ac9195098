using Ehi.Cli.Commands.Serve;

namespace Ehi.Cli.Tests;

/// <summary>The configuration stack of <c>ehi serve</c>: file, EHI__Section__Key environment variables, flags.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class ServeConfigurationTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ehi-config-");

    [Fact]
    public void Build_FileThenEnvironmentThenFlags_EachOverridesTheOneBefore()
    {
        // Given a settings file, environment variables in .NET's form and a flag for overlapping settings
        string file = Path.Combine(_dir.FullName, "appsettings.json");
        File.WriteAllText(file, """{ "Ehi": { "Listen": "0.0.0.0:443", "Path": "/from-file", "Tls": { "StaleCrl": "Warn" } } }""");
        Environment.SetEnvironmentVariable("EHI__Path", "/from-env");
        Environment.SetEnvironmentVariable("EHI__Tls__Pins__0", "pin-from-env");
        try
        {
            // When the stack is built with a flag for the listen address
            var configuration = ServeConfiguration.Build(file, new Dictionary<string, string?> { ["Ehi:Listen"] = "127.0.0.1:9443" });

            // Then the flag wins over the file, the environment over the file
            Assert.Equal("127.0.0.1:9443", configuration["Ehi:Listen"]);
            Assert.Equal("/from-env", configuration["Ehi:Path"]);
            Assert.Equal("pin-from-env", configuration["Ehi:Tls:Pins:0"]);
            Assert.Equal("Warn", configuration["Ehi:Tls:StaleCrl"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("EHI__Path", null);
            Environment.SetEnvironmentVariable("EHI__Tls__Pins__0", null);
        }
    }

    [Fact]
    public void OldFormVariables_AreNamedWithTheirNewName()
    {
        Environment.SetEnvironmentVariable("EHI_Listen", "0.0.0.0:443");
        try
        {
            string problem = Assert.Single(ServeConfiguration.OldFormVariables());
            Assert.Contains("EHI_Listen is in the old form", problem, StringComparison.Ordinal);
            Assert.Contains("rename it EHI__Listen", problem, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("EHI_Listen", null);
        }
    }

    [Fact]
    public void Build_MissingExplicitConfigFile_IsAnError()
    {
        Assert.Throws<FileNotFoundException>(() => ServeConfiguration.Build(Path.Combine(_dir.FullName, "nope.json"), new Dictionary<string, string?>()));
    }

    public void Dispose() => _dir.Delete(recursive: true);
}

/// <summary>Tests that change the process environment run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentCollection
{
    public const string Name = "process environment";
}

using System.Text.Json;
using System.Text.RegularExpressions;
using Ehi.Testing;
using Xunit.Abstractions;

namespace Ehi.Cli.Tests;

/// <summary>`ehi check` against the real server as a user runs it.</summary>
public sealed class CheckCommandTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestPki _pki = new();

    [Fact]
    public async Task Check_CorrectServer_IsReadyWithAPlus_JsonMatchesTheSchema_JUnitWritten()
    {
        await using var server = await TestServer.StartAsync(_pki, output);
        string junit = _pki.Path("check.xml");

        var (exit, json, error) = await CliRunner.RunAsync(Args(server.Port, "--json", "--junit", junit, "--ehi"));
        output.WriteLine(json + error);

        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal(2, root.GetProperty("schemaVersion").GetInt32());
        Assert.Contains(root.GetProperty("findings").EnumerateArray(), f => f.GetProperty("id").GetString() == "tls.client-renegotiation" && f.GetProperty("status").GetString() == "PASS" && f.GetProperty("facts").GetProperty("accepted").GetBoolean() == false);
        Assert.Equal("key", root.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "chain.key").GetProperty("facts").GetProperty("kind").GetString());
        Assert.True(root.GetProperty("ready").GetBoolean());
        Assert.Equal("A+", root.GetProperty("grade").GetString());
        AssertMatchesSchema(root);
        var ids = root.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("id").GetString()).ToList();
        Assert.Contains("mtls.ca-names.tls12", ids);
        Assert.Contains("mtls.ca-names.tls13", ids);
        Assert.Contains("ehi.answer", ids);
        Assert.Contains("<testcase classname=\"ehi.check\" name=\"hostile.lookalike-ca\"", File.ReadAllText(junit), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_LeafOnlyServer_NotReady_GradeCappedAtBWithTheReason()
    {
        _pki.WriteServer("leaf-only.pem", "leaf-only.key", _pki.Server);
        await using var server = await TestServer.StartAsync(_pki, output, s =>
        {
            s["Ehi:Tls:CertificatePath"] = _pki.Path("leaf-only.pem");
            s["Ehi:Tls:KeyPath"] = _pki.Path("leaf-only.key");
        });

        var (exit, text, _) = await CliRunner.RunAsync(Args(server.Port));

        Assert.Equal(1, exit);
        Assert.Contains("FAIL chain.intermediates: Only the leaf is sent", text, StringComparison.Ordinal);
        Assert.Contains("fix:  Append the intermediate", text, StringComparison.Ordinal);
        Assert.Contains("Not ready:", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_NothingListening_Exits3()
    {
        int port = LoopbackHttpServer.FreePort();

        var (exit, _, error) = await CliRunner.RunAsync("check", $"https://127.0.0.1:{port}/ehi");

        Assert.Equal(3, exit);
        Assert.Contains("cannot be reached", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_NotHttps_IsUsageError()
    {
        var (exit, _, _) = await CliRunner.RunAsync("check", "http://127.0.0.1/ehi");

        Assert.Equal(2, exit);
    }

    private string[] Args(int port, params string[] extra) =>
    [
        "check", $"https://localhost:{port}/ehi", "--ca", _pki.HostRootFile, "--client-cert", _pki.ClientCertFile, "--client-key", _pki.ClientKeyFile,
        "--expect-ca", _pki.TrustBundle, .. extra,
    ];

    // The committed schema, checked by hand: required properties, no extras, enums and the id pattern.
    private static void AssertMatchesSchema(JsonElement report)
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "cli", "check-report.schema.json")));
        var s = schema.RootElement;
        var required = s.GetProperty("required").EnumerateArray().Select(e => e.GetString()!).ToHashSet();
        Assert.Equal(required, report.EnumerateObject().Select(p => p.Name).ToHashSet());
        var item = s.GetProperty("properties").GetProperty("findings").GetProperty("items");
        var itemRequired = item.GetProperty("required").EnumerateArray().Select(e => e.GetString()!).ToHashSet();
        var statuses = item.GetProperty("properties").GetProperty("status").GetProperty("enum").EnumerateArray().Select(e => e.GetString()).ToHashSet();
        var idPattern = new Regex(item.GetProperty("properties").GetProperty("id").GetProperty("pattern").GetString()!);
        foreach (var finding in report.GetProperty("findings").EnumerateArray())
        {
            Assert.Equal(itemRequired, finding.EnumerateObject().Select(p => p.Name).ToHashSet());
            Assert.Contains(finding.GetProperty("status").GetString(), statuses);
            Assert.Matches(idPattern, finding.GetProperty("id").GetString()!);
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ehi.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    public void Dispose() => _pki.Dispose();
}

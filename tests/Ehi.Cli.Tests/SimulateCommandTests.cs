namespace Ehi.Cli.Tests;

public sealed class SimulateCommandTests
{
    [Fact]
    public async Task List_ShowsEveryScenarioByName()
    {
        var (exit, output, _) = await CliRunner.RunAsync("simulate", "list");

        Assert.Equal(0, exit);
        Assert.Equal(20, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("decline-insufficient-funds", output, StringComparison.Ordinal);
        Assert.Contains("[needs --admin]", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownScenario_IsUsageErrorListingValidNames()
    {
        var (exit, _, error) = await CliRunner.RunAsync("simulate", "run", "no-such", "--dev");

        Assert.Equal(2, exit);
        Assert.Contains("unknown scenario no-such; valid names: approve, decline-insufficient-funds", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NamesAndAll_IsUsageError()
    {
        var (exit, _, _) = await CliRunner.RunAsync("simulate", "run", "approve", "--all", "--dev");

        Assert.Equal(2, exit);
    }

    [Fact]
    public async Task Load_RateAndMax_IsUsageError()
    {
        var (exit, _, error) = await CliRunner.RunAsync("simulate", "load", "--rate", "10", "--max", "--dev");

        Assert.Equal(2, exit);
        Assert.Contains("give --rate N or --max", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_BadMix_IsUsageError()
    {
        var (exit, _, error) = await CliRunner.RunAsync("simulate", "load", "--rate", "10", "--mix", "auth=70,bogus=5", "--dev");

        Assert.Equal(2, exit);
        Assert.Contains("'bogus=5' is not KIND=WEIGHT", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NothingListening_Exits3()
    {
        int port = Ehi.Testing.LoopbackHttpServer.FreePort();
        using var pki = new Ehi.Testing.TestPki();

        var (exit, output, _) = await CliRunner.RunAsync("simulate", "run", "approve", "--target", $"https://127.0.0.1:{port}/ehi", "--client-cert", pki.ClientCertFile, "--client-key", pki.ClientKeyFile, "--ca", pki.HostRootFile);

        Assert.Equal(3, exit);
        Assert.Contains("FAIL approve", output, StringComparison.Ordinal);
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Ehi.Cli.Tests;

/// <summary>One running <c>ehi serve</c> process, as an operator runs it: its EHI port and admin
/// URL read from the startup banner, its log lines (stderr) kept for assertions. Several of these
/// behind a balancer make the multi-host tests.</summary>
internal sealed partial class EhiHost : IAsyncDisposable
{
    private readonly List<string> _logs = [];
    private readonly ITestOutputHelper? _output;
    private readonly string _name;

    private EhiHost(Process process, string name, ITestOutputHelper? output)
    {
        Process = process;
        _name = name;
        _output = output;
    }

    public Process Process { get; }

    public int Port { get; private set; }

    public string? Admin { get; private set; }

    public IReadOnlyList<string> Logs
    {
        get
        {
            lock (_logs)
            {
                return [.. _logs];
            }
        }
    }

    /// <summary>Starts <c>ehi serve</c> with <paramref name="args"/> and waits for its banner.</summary>
    public static Task<EhiHost> StartAsync(string name, string workingDirectory, ITestOutputHelper? output, params string[] args) =>
        StartAsync(name, workingDirectory, output, new Dictionary<string, string>(), args);

    /// <summary>Starts <c>ehi serve</c> with <paramref name="args"/> and <paramref name="environment"/> and waits for its banner.</summary>
    public static async Task<EhiHost> StartAsync(string name, string workingDirectory, ITestOutputHelper? output, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var host = new EhiHost(EhiProcess.Start(workingDirectory, environment, ["serve", .. args]), name, output);
        host.Process.ErrorDataReceived += (_, e) => host.Log(e.Data);
        host.Process.BeginErrorReadLine();
        await host.ReadBannerAsync();
        return host;
    }

    /// <summary>kill -9: no drain, no journal close.</summary>
    public async Task KillHardAsync()
    {
        Process.Kill(entireProcessTree: false); // SIGKILL on Linux
        await Process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }

        Process.Dispose();
    }

    private void Log(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logs)
        {
            _logs.Add(line);
        }

        try
        {
            _output?.WriteLine($"[{_name}] {line}");
        }
        catch (InvalidOperationException)
        {
            // The test already finished.
        }
    }

    private async Task ReadBannerAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (await Process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            Log(line);
            if (Listening().Match(line) is { Success: true } m)
            {
                Port = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            }

            if (AdminLine().Match(line) is { Success: true } a)
            {
                Admin = a.Groups[1].Value;
            }

            if (line.StartsWith("Stop with", StringComparison.Ordinal))
            {
                _ = DrainAsync();
                return;
            }
        }

        await Process.WaitForExitAsync(timeout.Token);
        throw new InvalidOperationException($"ehi serve ({_name}) did not start: exit {Process.ExitCode}\n{string.Join('\n', Logs)}");
    }

    private async Task DrainAsync()
    {
        while (await Process.StandardOutput.ReadLineAsync() is { } line)
        {
            Log(line);
        }
    }

    [GeneratedRegex(@"listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex Listening();

    [GeneratedRegex(@"admin API\s+(http://[\d.]+:\d+)")]
    private static partial Regex AdminLine();
}

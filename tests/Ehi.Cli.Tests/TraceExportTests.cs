using System.Collections.Concurrent;
using Ehi.Testing;
using Xunit.Abstractions;

namespace Ehi.Cli.Tests;

/// <summary>Traces over OTLP from a real <c>ehi serve</c>: a message sent by curl with Thredd's
/// traceparent reaches a loopback OTLP/HTTP collector as an <c>ehi.message</c> span in Thredd's
/// trace.</summary>
public sealed class TraceExportTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ehi-otlp-");

    [Fact]
    public async Task OtlpConfigured_TheMessageSpanIsExportedInThreddsTrace()
    {
        // Given a collector on loopback and ehi serve exporting to it
        var exports = new ConcurrentQueue<(string Path, byte[] Body)>();
        using var collector = new LoopbackHttpServer(async request =>
        {
            using var body = new MemoryStream();
            await request.InputStream.CopyToAsync(body);
            exports.Enqueue((request.Url!.AbsolutePath, body.ToArray()));
            return [];
        });
        string pki = Path.Combine(_dir.FullName, "pki");
        Assert.Equal(0, (await CliRunner.RunAsync("pki", "dev", "--dir", pki)).Exit);
        await using var host = await EhiHost.StartAsync(
            "otlp",
            _dir.FullName,
            output,
            new Dictionary<string, string> { ["EHI__Telemetry__OtlpEndpoint"] = collector.BaseUrl.TrimEnd('/') },
            "--dev", "--pki-dir", pki, "--data", Path.Combine(_dir.FullName, "data"), "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0");

        // When Thredd sends a message with its traceparent
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        var curl = await ExternalTool.RunAsync("curl", [
            "-sS", "--max-time", "20", "--cacert", Path.Combine(pki, "host-root-ca.pem"), "--cert", Path.Combine(pki, "client.pem"), "--key", Path.Combine(pki, "client.key"),
            "-H", "Content-Type: application/json", "-H", $"traceparent: 00-{traceId}-00f067aa0ba902b7-01",
            "--data", """{"MTID":"0100","Txn_Type":"A","TXn_ID":8800001,"Token":123456789,"Bill_Amt":-1.00,"Bill_Ccy":"826","Txn_Amt":-1.00,"Txn_CCy":"826","Proc_Code":"000000","Authorised_by_GPS":"N"}""",
            $"https://localhost:{host.Port}/ehi"]);
        Assert.True(curl.ExitCode == 0, curl.All);
        Assert.Contains("\"Acknowledgement\":\"1\"", curl.Stdout, StringComparison.Ordinal);

        // Then within the exporter's batch delay the collector gets /v1/traces holding the span
        // named ehi.message with Thredd's trace id (protobuf: the id as its 16 raw bytes)
        byte[] id = Convert.FromHexString(traceId);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!exports.Any(e => Holds(e, id)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        output.WriteLine(string.Join(", ", exports.Select(e => $"{e.Path} {e.Body.Length} bytes")));
        Assert.Contains(exports, e => Holds(e, id));
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private static bool Holds((string Path, byte[] Body) export, byte[] traceId) =>
        export.Path == "/v1/traces" && export.Body.AsSpan().IndexOf(traceId) >= 0 && export.Body.AsSpan().IndexOf("ehi.message"u8) >= 0;
}

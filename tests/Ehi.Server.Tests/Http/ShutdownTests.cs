using Ehi.Core.Handling;
using Ehi.Server.Messaging;
using Ehi.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Ehi.Server.Tests.Http;

public sealed class ShutdownTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestPki _pki = new();

    [Fact]
    public async Task Stop_WithRequestInFlight_DrainsItBeforeExit()
    {
        // Given a server whose handler takes a while to answer
        var slow = new SlowHandler();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(TestServer.DefaultSettings(_pki)).Build();
        await using var host = Hosting.EhiServerHost.Create(configuration, l => l.ClearProviders().AddProvider(new XunitLoggerProvider(output)), s => s.AddSingleton<IEhiMessageHandler>(slow));
        await host.StartAsync();
        var client = new MtlsClient { Port = host.Addresses[0].Port, ServerRoot = _pki.HostRoot.Certificate, Certificate = _pki.Client };

        // When the host is stopped (what SIGTERM does) while a request is being handled
        var inFlight = client.PostAsync("/ehi", "{}");
        await slow.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var stopping = host.StopAsync();

        // Then the request still gets its answer
        var answer = await inFlight.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(200, answer.Status);
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public void Dispose() => _pki.Dispose();

    private sealed class SlowHandler : IEhiMessageHandler
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<EhiAnswer> HandleAsync(EhiRequest request, CancellationToken cancellationToken)
        {
            Started.TrySetResult();
            await Task.Delay(500, CancellationToken.None);
            return new EhiAnswer(200, "application/json", """{"Acknowledgement":"1"}"""u8.ToArray());
        }
    }
}

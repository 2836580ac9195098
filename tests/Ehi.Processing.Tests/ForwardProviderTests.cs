using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Ehi.Processing.Configuration;
using Ehi.Processing.Decisions;
using Ehi.Processing.Telemetry;
using Ehi.Processing.Tests.Storage;
using Ehi.Testing;
using Xunit.Abstractions;

namespace Ehi.Processing.Tests;

[Collection(TimingCollection.Name)]
public sealed class ForwardProviderTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Forward_PostsTheMessageWithTraceparent_AndUsesTheServicesDecision()
    {
        // Given a decision service on loopback that declines with 51 and records what it got
        string? seenTrace = null, seenBody = null;
        using var service = new LoopbackHttpServer(async request =>
        {
            seenTrace = request.Headers["traceparent"];
            using var reader = new StreamReader(request.InputStream);
            seenBody = await reader.ReadToEndAsync();
            return """{"Responsestatus":"51","MerchantAdvice":"02"}"""u8.ToArray();
        });
        using var http = new HttpClient();
        var provider = new ForwardDecisionProvider(http, new ForwardProviderOptions { Url = service.BaseUrl + "decide", Timeout = TimeSpan.FromSeconds(5) });
        await using var fixture = new ProcessorFixture(SqliteStores.Instance, output, provider);

        // When an authorisation arrives with Thredd's traceparent
        string body = Messages.Auth(4001);
        var answer = await fixture.SendAsync(body, traceParent: "00-c24a548a2883cf4aac38eb40410a5e5d-593f9603da624910-00");

        // Then the service saw the message as sent and the trace, and its decision is answered
        Assert.Equal("""{"Acknowledgement":"1","Responsestatus":"51","MerchantAdvice":"02"}""", answer.Body);
        Assert.Equal("00-c24a548a2883cf4aac38eb40410a5e5d-593f9603da624910-00", seenTrace);
        Assert.Equal(body, seenBody);
        Assert.Equal("forward", Assert.Single(await fixture.EntriesAsync(4001)).DecidedBy);
    }

    [Fact]
    public async Task Traced_TheMessageSpanContinuesThreddsTrace_AndTheCoreSystemGetsItAsParent()
    {
        // Given traces recorded for ehi's source, and a decision service that records the traceparent it gets
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ProcessingTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        string? seenTrace = null;
        using var service = new LoopbackHttpServer(request =>
        {
            seenTrace = request.Headers["traceparent"];
            return Task.FromResult<byte[]?>("""{"Responsestatus":"00"}"""u8.ToArray());
        });
        using var http = new HttpClient();
        var provider = new ForwardDecisionProvider(http, new ForwardProviderOptions { Url = service.BaseUrl + "decide", Timeout = TimeSpan.FromSeconds(5) });
        await using var fixture = new ProcessorFixture(SqliteStores.Instance, output, provider);
        const string thredd = "00-c24a548a2883cf4aac38eb40410a5e5d-593f9603da624910-01";

        // When an authorisation arrives with Thredd's traceparent
        await fixture.SendAsync(Messages.Auth(4004), traceParent: thredd);

        // Then its span is a child of Thredd's, says what the message was and what was answered,
        // and the core system's call is a child of that span in the same trace
        var span = Assert.Single(spans, s => s.GetTagItem("ehi.txn_id") is 4004L);
        Assert.Equal("ehi.message", span.OperationName);
        Assert.Equal("c24a548a2883cf4aac38eb40410a5e5d", span.TraceId.ToHexString());
        Assert.Equal("593f9603da624910", span.ParentSpanId.ToHexString());
        Assert.Equal("AuthorisationRequest", span.GetTagItem("ehi.message.kind"));
        Assert.Equal("00", span.GetTagItem("ehi.response_status"));
        Assert.Equal($"00-c24a548a2883cf4aac38eb40410a5e5d-{span.SpanId.ToHexString()}-01", seenTrace);

        // And a resend of it is one more span, marked as a replay
        await fixture.SendAsync(Messages.Auth(4004), traceParent: thredd);
        Assert.Equal("journal", spans.Last(s => s.GetTagItem("ehi.txn_id") is 4004L).GetTagItem("ehi.replayed"));
    }

    [Fact]
    public async Task Forward_ServiceSlowerThanItsTimeout_FallsBack()
    {
        using var service = new LoopbackHttpServer(async _ =>
        {
            await Task.Delay(1000);
            return """{"Responsestatus":"00"}"""u8.ToArray();
        });
        using var http = new HttpClient();
        var provider = new ForwardDecisionProvider(http, new ForwardProviderOptions { Url = service.BaseUrl, Timeout = TimeSpan.FromMilliseconds(120) });
        await using var fixture = new ProcessorFixture(SqliteStores.Instance, output, provider, o => o.Budget = TimeSpan.FromMilliseconds(150));

        var answer = await fixture.SendAsync(Messages.Auth(4002));

        Assert.Equal("""{"Acknowledgement":"1","Responsestatus":"05"}""", answer.Body);
        Assert.StartsWith("fallback:", Assert.Single(await fixture.EntriesAsync(4002)).DecidedBy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forward_ServiceAnswersGarbage_FallsBack()
    {
        using var service = new LoopbackHttpServer(_ => Task.FromResult<byte[]?>(Encoding.UTF8.GetBytes("""{"hello":1}""")));
        using var http = new HttpClient();
        var provider = new ForwardDecisionProvider(http, new ForwardProviderOptions { Url = service.BaseUrl, Timeout = TimeSpan.FromSeconds(5) });
        await using var fixture = new ProcessorFixture(SqliteStores.Instance, output, provider);

        var answer = await fixture.SendAsync(Messages.Auth(4003));

        Assert.Equal("""{"Acknowledgement":"1","Responsestatus":"05"}""", answer.Body);
        Assert.Equal("fallback:provider-failed", Assert.Single(await fixture.EntriesAsync(4003)).DecidedBy);
    }

    [Theory]
    [InlineData("FailureRatio", "Ehi:Processing:Forward:Breaker:FailureRatio is 0")]
    [InlineData("MinimumThroughput", "Ehi:Processing:Forward:Breaker:MinimumThroughput is 1")]
    [InlineData("BreakDuration", "Ehi:Processing:Forward:Breaker:BreakDuration is 00:00:00.1000000")]
    [InlineData("MaxConnections", "Ehi:Processing:Forward:MaxConnections is 0")]
    public void Validate_WrongBreakerSetting_NamesTheSetting(string setting, string sentence)
    {
        var options = new ProcessingOptions { Provider = DecisionProviderKind.Forward, Forward = { Url = "http://127.0.0.1:9/decide" } };
        switch (setting)
        {
            case "FailureRatio": options.Forward.Breaker.FailureRatio = 0; break;
            case "MinimumThroughput": options.Forward.Breaker.MinimumThroughput = 1; break;
            case "BreakDuration": options.Forward.Breaker.BreakDuration = TimeSpan.FromMilliseconds(100); break;
            default: options.Forward.MaxConnections = 0; break;
        }

        var problems = new List<string>();
        ProcessingOptionsValidator.Validate(options, problems);

        Assert.StartsWith(sentence, Assert.Single(problems), StringComparison.Ordinal);
    }
}

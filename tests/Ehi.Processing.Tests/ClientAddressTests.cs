using Ehi.Processing.Tests.Storage;
using Xunit.Abstractions;

namespace Ehi.Processing.Tests;

/// <summary>The journal keeps the address each message came from (behind a load balancer, the one
/// its PROXY protocol header named), for messages and for refused bodies alike.</summary>
public abstract class ClientAddressTests(ITestOutputHelper output, IStoreFactory stores)
{
    [Fact]
    public async Task Message_IsJournalledWithTheClientAddress_AndARepeatKeepsTheFirst()
    {
        await using var fixture = new ProcessorFixture(stores, output);

        await fixture.SendAsync(Messages.Auth(4100), remoteAddress: "203.0.113.7");
        await fixture.SendAsync(Messages.Auth(4100, attempt: 1), remoteAddress: "203.0.113.8");

        Assert.Equal("203.0.113.7", Assert.Single(await fixture.EntriesAsync(4100)).RemoteAddress);
    }

    [Fact]
    public async Task RejectedBody_IsJournalledWithTheClientAddress()
    {
        await using var fixture = new ProcessorFixture(stores, output);

        var answer = await fixture.SendAsync("not json", remoteAddress: "2001:db8::7");

        Assert.Equal(400, answer.Status);
        var rejected = new List<Journal.RejectedMessage>();
        await foreach (var r in fixture.Journal.ListRejectedAsync(CancellationToken.None))
        {
            rejected.Add(r);
        }

        Assert.Equal("2001:db8::7", Assert.Single(rejected).RemoteAddress);
    }
}

using System.Net;
using Ehi.Server.Network;

namespace Ehi.Server.Tests.Configuration;

public sealed class NetworkSettingsTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7", true)]
    [InlineData("203.0.113.7", "203.0.113.8", false)]
    [InlineData("203.0.113.0/24", "203.0.113.200", true)]
    [InlineData("203.0.113.0/24", "::ffff:203.0.113.9", true)]
    [InlineData("2001:db8::/32", "2001:db8:1::5", true)]
    [InlineData("2001:db8::/32", "2001:db9::5", false)]
    [InlineData("::1", "::1", true)]
    public void AllowList_MatchesAddressesAndRanges(string entry, string address, bool allowed)
    {
        var problems = new List<string>();
        var list = IpAllowList.Parse([entry], problems);

        Assert.Empty(problems);
        Assert.Equal(allowed, list.Allows(IPAddress.Parse(address)));
    }

    [Fact]
    public void AllowList_Empty_AllowsEveryone()
    {
        var list = IpAllowList.Parse([], new List<string>());

        Assert.False(list.IsEnabled);
        Assert.True(list.Allows(IPAddress.Parse("198.51.100.1")));
    }

    [Theory]
    [InlineData("localhost:8443", null, 8443)]
    [InlineData("0.0.0.0:443", "0.0.0.0", 443)]
    [InlineData("[::]:443", "::", 443)]
    [InlineData("[::1]:0", "::1", 0)]
    [InlineData("*:8443", null, 8443)]
    public void ListenAddress_Parses(string text, string? address, int port)
    {
        Assert.True(ListenAddress.TryParse(text, out var parsed));
        Assert.Equal(address, parsed!.Address?.ToString());
        Assert.Equal(port, parsed.Port);
    }

    [Theory]
    [InlineData("8443")]
    [InlineData("localhost")]
    [InlineData("host.example:443")]
    [InlineData("127.0.0.1:70000")]
    public void ListenAddress_Rejects(string text) => Assert.False(ListenAddress.TryParse(text, out _));
}

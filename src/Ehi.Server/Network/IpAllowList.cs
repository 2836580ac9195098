using System.Net;

namespace Ehi.Server.Network;

/// <summary>Addresses and CIDR ranges allowed to connect (guide 4.1.6: Thredd sends from a fixed IP).
/// An empty list allows everyone.</summary>
public sealed class IpAllowList
{
    private readonly IPNetwork[] _networks;

    private IpAllowList(IPNetwork[] networks) => _networks = networks;

    /// <summary>True when the list is on.</summary>
    public bool IsEnabled => _networks.Length > 0;

    /// <summary>The ranges, as written in CIDR form.</summary>
    public IEnumerable<string> Ranges => _networks.Select(n => n.ToString());

    /// <summary>Parses entries like <c>203.0.113.7</c>, <c>203.0.113.0/24</c>, <c>2001:db8::/32</c>; each bad entry adds a problem naming <paramref name="setting"/>.</summary>
    public static IpAllowList Parse(IEnumerable<string> entries, ICollection<string> problems, string setting = "Ehi:AllowIps")
    {
        var networks = new List<IPNetwork>();
        foreach (string raw in entries)
        {
            string entry = raw.Trim();
            if (IPAddress.TryParse(entry, out var single))
            {
                networks.Add(new IPNetwork(Normalize(single), single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else if (IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else
            {
                problems.Add($"{setting} entry '{raw}' is not an IP address or CIDR range; write it like 203.0.113.7, 203.0.113.0/24 or 2001:db8::/32.");
            }
        }

        return new IpAllowList([.. networks]);
    }

    /// <summary>Whether the address may connect.</summary>
    public bool Allows(IPAddress? address)
    {
        if (_networks.Length == 0)
        {
            return true;
        }

        if (address is null)
        {
            return false;
        }

        var normalized = Normalize(address);
        foreach (var network in _networks)
        {
            if (network.Contains(normalized))
            {
                return true;
            }
        }

        return false;
    }

    // A dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d; match them against IPv4 ranges.
    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}

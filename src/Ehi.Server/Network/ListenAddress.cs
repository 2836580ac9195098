using System.Globalization;
using System.Net;

namespace Ehi.Server.Network;

/// <summary>A parsed <c>--listen</c> value: a host (an IP, <c>localhost</c> or <c>*</c>) and a port.</summary>
/// <param name="Host">The host as written.</param>
/// <param name="Address">The IP address, or null for <c>localhost</c> (both loopbacks) and <c>*</c> (any).</param>
/// <param name="Port">The TCP port; 0 picks a free one.</param>
public sealed record ListenAddress(string Host, IPAddress? Address, int Port)
{
    /// <summary>True for <c>localhost</c>, which binds 127.0.0.1 and ::1.</summary>
    public bool IsLocalhost => Address is null && Host.Equals("localhost", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for localhost and loopback addresses.</summary>
    public bool IsLoopback => IsLocalhost || (Address is not null && IPAddress.IsLoopback(Address));

    /// <summary>Parses <c>HOST:PORT</c> with IPv6 hosts in brackets.</summary>
    public static bool TryParse(string? text, out ListenAddress? address)
    {
        address = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
        {
            return false;
        }

        string host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host == "*")
        {
            address = new ListenAddress(host, null, port);
            return true;
        }

        if (!IPAddress.TryParse(host, out var ip))
        {
            return false;
        }

        address = new ListenAddress(host, ip, port);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() =>
        Address is { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}

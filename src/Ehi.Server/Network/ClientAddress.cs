using System.Net;

namespace Ehi.Server.Network;

/// <summary>The client's address as ehi names it in logs, refusals and the journal.</summary>
public static class ClientAddress
{
    /// <summary>A dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d; ehi names them a.b.c.d.</summary>
    public static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>The address as text, or null when unknown.</summary>
    public static string? Of(IPAddress? address) => address is null ? null : Normalize(address).ToString();
}

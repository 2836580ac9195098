using System.Net;

namespace Ehi.Server.Network.ProxyProtocol;

/// <summary>Connection feature of a connection that came through a trusted load balancer.</summary>
public interface IProxyProtocolFeature
{
    /// <summary>The balancer's own address (the TCP peer).</summary>
    IPEndPoint Balancer { get; }

    /// <summary>The header it sent.</summary>
    ProxyHeader Header { get; }
}

/// <summary>The feature's implementation.</summary>
/// <param name="Balancer">The balancer's address.</param>
/// <param name="Header">The header.</param>
internal sealed record ProxyProtocolFeature(IPEndPoint Balancer, ProxyHeader Header) : IProxyProtocolFeature;

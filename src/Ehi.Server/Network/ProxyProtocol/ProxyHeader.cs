using System.Net;

namespace Ehi.Server.Network.ProxyProtocol;

/// <summary>A parsed PROXY protocol header (HAProxy's PROXY protocol, v1 text or v2 binary): the
/// client's address as the load balancer saw it.</summary>
/// <param name="Version">1 (text) or 2 (binary).</param>
/// <param name="IsLocal">True for the v2 LOCAL command: the balancer's own connection (its health
/// checks), not a client's.</param>
/// <param name="Source">The client's address and port; null for LOCAL, v1 UNKNOWN and v2 address
/// families other than IPv4/IPv6, where the connection's own peer address (the balancer's) stands.</param>
/// <param name="Destination">The address the client connected to on the balancer, when given.</param>
/// <param name="Length">The header's length in bytes: what is stripped before the TLS handshake.</param>
public sealed record ProxyHeader(int Version, bool IsLocal, IPEndPoint? Source, IPEndPoint? Destination, int Length);

using Ehi.Server.Network;

namespace Ehi.Server.Configuration;

/// <summary>The network settings once parsed and checked.</summary>
/// <param name="Listen">The EHI listener's address; null when it did not parse.</param>
/// <param name="AllowList">The IP allow list (guide 4.1.6), applied to the client's address.</param>
/// <param name="Admin">The admin API's address, or null when it is off.</param>
/// <param name="TrustedProxies">The load balancers that send a PROXY protocol header, or null when the protocol is off.</param>
public sealed record NetworkSettings(ListenAddress? Listen, IpAllowList AllowList, ListenAddress? Admin, IpAllowList? TrustedProxies);

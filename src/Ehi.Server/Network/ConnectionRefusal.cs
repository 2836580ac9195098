namespace Ehi.Server.Network;

/// <summary>Why a connection was closed by a limit. The names are stable and appear in logs (and may
/// be counted).</summary>
public enum ConnectionRefusal
{
    /// <summary>Ehi:MaxConnections connections were already open.</summary>
    MaxConnections,

    /// <summary>Ehi:MaxConnectionsPerAddress connections from the same address were already open.</summary>
    MaxConnectionsPerAddress,

    /// <summary>No request arrived within Ehi:FirstRequestTimeout of the connection opening (handshake included).</summary>
    NoRequestInTime,
}

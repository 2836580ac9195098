using System.Text.Json.Serialization;

namespace Ehi.Check.Handshake;

/// <summary>Protocol versions the checker probes, with their wire values (RFC 8446 §4.2.1); named in JSON.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TlsVersion>))]
public enum TlsVersion : ushort
{
    /// <summary>SSL 3.0.</summary>
    Ssl30 = 0x0300,

    /// <summary>TLS 1.0.</summary>
    Tls10 = 0x0301,

    /// <summary>TLS 1.1.</summary>
    Tls11 = 0x0302,

    /// <summary>TLS 1.2.</summary>
    Tls12 = 0x0303,

    /// <summary>TLS 1.3 (negotiated through the supported_versions extension).</summary>
    Tls13 = 0x0304,
}

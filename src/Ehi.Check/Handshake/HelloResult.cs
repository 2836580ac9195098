namespace Ehi.Check.Handshake;

/// <summary>What the server answered to one crafted ClientHello.</summary>
/// <param name="IsAccepted">True when it sent a ServerHello.</param>
/// <param name="Version">The version it chose.</param>
/// <param name="CipherSuite">The suite it chose.</param>
/// <param name="Compression">The compression method it chose (0 = none).</param>
/// <param name="SecureRenegotiation">It sent renegotiation_info (RFC 5746).</param>
/// <param name="HelloRetry">It answered with a HelloRetryRequest (TLS 1.3; still a yes).</param>
/// <param name="Reason">Why it was refused, or what was wrong with the answer.</param>
/// <param name="Alert">The alert description, when refused with one.</param>
/// <param name="IsGarbage">The answer was not TLS at all.</param>
public sealed record HelloResult(bool IsAccepted, TlsVersion Version, ushort CipherSuite, byte Compression, bool SecureRenegotiation, bool HelloRetry, string? Reason, byte? Alert, bool IsGarbage)
{
    /// <summary>The server answered status_request (it staples OCSP responses; TLS 1.2).</summary>
    public bool OcspStapling { get; init; }

    /// <summary>A ServerHello.</summary>
    public static HelloResult Accepted(TlsVersion version, ushort suite, byte compression, bool secureRenegotiation, bool retry) =>
        new(true, version, suite, compression, secureRenegotiation, retry, null, null, false);

    /// <summary>An alert or a closed connection.</summary>
    public static HelloResult Refused(string reason, byte? alert = null) => new(false, 0, 0, 0, false, false, reason, alert, false);

    /// <summary>Not a TLS answer.</summary>
    public static HelloResult Garbage(string reason) => new(false, 0, 0, 0, false, false, reason, null, true);
}

namespace Ehi.Check.Handshake;

/// <summary>The cipher suites the checker knows: every TLS 1.3 suite, and the TLS 1.2-and-older
/// suites scanners test for (forward-secret AEAD, CBC, RSA key exchange, 3DES, RC4, NULL, EXPORT,
/// anonymous). The classification drives grading.</summary>
public static class CipherSuites
{
    /// <summary>All known suites.</summary>
    public static IReadOnlyList<CipherSuiteInfo> All { get; } =
    [
        new(0x1301, "TLS_AES_128_GCM_SHA256", true, true, null),
        new(0x1302, "TLS_AES_256_GCM_SHA384", true, true, null),
        new(0x1303, "TLS_CHACHA20_POLY1305_SHA256", true, true, null),
        new(0x1304, "TLS_AES_128_CCM_SHA256", true, true, null),
        new(0x1305, "TLS_AES_128_CCM_8_SHA256", true, true, null),
        new(0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", true, true, null),
        new(0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", true, true, null),
        new(0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", true, true, null),
        new(0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", true, true, null),
        new(0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", true, true, null),
        new(0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", true, true, null),
        new(0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", true, false, null),
        new(0xC024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", true, false, null),
        new(0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", true, false, null),
        new(0xC00A, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", true, false, null),
        new(0xC027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", true, false, null),
        new(0xC028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", true, false, null),
        new(0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", true, false, null),
        new(0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", true, false, null),
        new(0xC008, "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA", true, false, "3DES"),
        new(0xC012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", true, false, "3DES"),
        new(0xC007, "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA", true, false, "RC4"),
        new(0xC011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA", true, false, "RC4"),
        new(0xC006, "TLS_ECDHE_ECDSA_WITH_NULL_SHA", true, false, "NULL"),
        new(0xC010, "TLS_ECDHE_RSA_WITH_NULL_SHA", true, false, "NULL"),
        new(0x009E, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", true, true, null),
        new(0x009F, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", true, true, null),
        new(0xCCAA, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", true, true, null),
        new(0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", true, false, null),
        new(0x006B, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", true, false, null),
        new(0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", true, false, null),
        new(0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", true, false, null),
        new(0x0016, "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA", true, false, "3DES"),
        new(0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256", false, true, null),
        new(0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384", false, true, null),
        new(0x003C, "TLS_RSA_WITH_AES_128_CBC_SHA256", false, false, null),
        new(0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256", false, false, null),
        new(0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA", false, false, null),
        new(0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA", false, false, null),
        new(0x000A, "TLS_RSA_WITH_3DES_EDE_CBC_SHA", false, false, "3DES"),
        new(0x0005, "TLS_RSA_WITH_RC4_128_SHA", false, false, "RC4"),
        new(0x0004, "TLS_RSA_WITH_RC4_128_MD5", false, false, "RC4"),
        new(0x0001, "TLS_RSA_WITH_NULL_MD5", false, false, "NULL"),
        new(0x0002, "TLS_RSA_WITH_NULL_SHA", false, false, "NULL"),
        new(0x003B, "TLS_RSA_WITH_NULL_SHA256", false, false, "NULL"),
        new(0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5", false, false, "EXPORT"),
        new(0x0008, "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA", false, false, "EXPORT"),
        new(0x0014, "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA", true, false, "EXPORT"),
        new(0x0034, "TLS_DH_anon_WITH_AES_128_CBC_SHA", false, false, "anonymous"),
        new(0x00A6, "TLS_DH_anon_WITH_AES_128_GCM_SHA256", false, true, "anonymous"),
        new(0xC018, "TLS_ECDH_anon_WITH_AES_128_CBC_SHA", false, false, "anonymous"),
        new(0x0018, "TLS_DH_anon_WITH_RC4_128_MD5", false, false, "anonymous"),
    ];

    /// <summary>The TLS 1.3 suites.</summary>
    public static IReadOnlyList<CipherSuiteInfo> Tls13 { get; } = [.. All.Where(s => s.Id >> 8 == 0x13)];

    /// <summary>The suites of TLS 1.2 and older.</summary>
    public static IReadOnlyList<CipherSuiteInfo> Legacy { get; } = [.. All.Where(s => s.Id >> 8 != 0x13)];

    /// <summary>The suite with an id, or an "unknown" entry.</summary>
    public static CipherSuiteInfo Describe(ushort id) =>
        All.FirstOrDefault(s => s.Id == id) ?? new CipherSuiteInfo(id, $"0x{id:X4}", false, false, "unknown");
}

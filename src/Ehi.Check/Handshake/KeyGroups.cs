namespace Ehi.Check.Handshake;

/// <summary>Key exchange groups the checker probes, with their sizes in bits.</summary>
public static class KeyGroups
{
    /// <summary>(code point, name, bits).</summary>
    public static IReadOnlyList<(ushort Id, string Name, int Bits)> All { get; } =
    [
        (0x001D, "x25519", 253), (0x0017, "secp256r1", 256), (0x0018, "secp384r1", 384), (0x0019, "secp521r1", 521), (0x001E, "x448", 448), (0x0100, "ffdhe2048", 2048), (0x0101, "ffdhe3072", 3072),
    ];

    /// <summary>Name and size of a group.</summary>
    public static string Describe(ushort id) => All.FirstOrDefault(g => g.Id == id) is { Name: not null } g ? $"{g.Name} ({g.Bits} bits)" : $"0x{id:X4}";
}

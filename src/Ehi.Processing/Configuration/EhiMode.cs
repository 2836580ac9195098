namespace Ehi.Processing.Configuration;

/// <summary>The EHI modes of a product (reference §3): who holds the balance and who decides first.</summary>
public enum EhiMode
{
    /// <summary>Mode 1: the host decides; Thredd declines when the host does not answer.</summary>
    Gateway = 1,

    /// <summary>Mode 2: Thredd decides first, the host may decline or turn a 51 into an approval with load.</summary>
    Cooperative = 2,

    /// <summary>Mode 3: Thredd holds the balance and decides; the host is told and acknowledges.</summary>
    FullService = 3,

    /// <summary>Mode 4: the host decides; Thredd stands in (STIP) when the host does not answer.</summary>
    GatewayWithStip = 4,
}

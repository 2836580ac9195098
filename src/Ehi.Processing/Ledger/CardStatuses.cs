namespace Ehi.Processing.Ledger;

/// <summary>The card statuses of the built-in ledger and the Responsestatus each one declines with.</summary>
public static class CardStatuses
{
    /// <summary>Usable.</summary>
    public const string Active = "active";

    /// <summary>Not activated yet.</summary>
    public const string Inactive = "inactive";

    /// <summary>Reported lost.</summary>
    public const string Lost = "lost";

    /// <summary>Reported stolen.</summary>
    public const string Stolen = "stolen";

    /// <summary>Account closed.</summary>
    public const string Closed = "closed";

    /// <summary>Card expired.</summary>
    public const string Expired = "expired";

    /// <summary>Temporarily blocked by the programme manager.</summary>
    public const string Blocked = "blocked";

    /// <summary>Every status.</summary>
    public static IReadOnlyList<string> All { get; } = [Active, Inactive, Lost, Stolen, Closed, Expired, Blocked];

    /// <summary>The decline for a status (reference §5.3), and whether it is permanent (MerchantAdvice 03).</summary>
    public static (string Code, bool Permanent)? DeclineFor(string status) => status switch
    {
        Active => null,
        Inactive => ("78", false),
        Lost => ("41", true),
        Stolen => ("43", true),
        Closed => ("46", true),
        Expired => ("54", true),
        _ => ("62", false),
    };
}

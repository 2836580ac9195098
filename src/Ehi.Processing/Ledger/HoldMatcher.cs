using Ehi.Core.Messages;

namespace Ehi.Processing.Ledger;

/// <summary>Finds the hold a message refers to, by the reference's matching rules (§7).</summary>
internal static class HoldMatcher
{
    /// <summary>Reversals and advices (0400/0420/0120 D, 0120 J): token and whichever of lifecycle,
    /// auth code and Trans_link are present; no match when lifecycle and Trans_link are both missing.</summary>
    public static Hold? ForReversalOrAdvice(GetTransaction m, IReadOnlyList<Hold> open)
    {
        string? lifecycle = Blank(m.TraceidLifecycle), link = Blank(m.TransLink), code = AuthCode(m.AuthCodeDe38);
        if (lifecycle is null && link is null)
        {
            return null;
        }

        return open.FirstOrDefault(h =>
            (lifecycle is null || h.Lifecycle == lifecycle)
            && (code is null || h.AuthCode is null || h.AuthCode == code)
            && (link is null || lifecycle is not null || h.TransLink == link));
    }

    /// <summary>Thredd's automatic reversal: token and Trans_link.</summary>
    public static Hold? ForAutomaticReversal(GetTransaction m, IReadOnlyList<Hold> open) =>
        Blank(m.TransLink) is { } link ? open.FirstOrDefault(h => h.TransLink == link) : null;

    /// <summary>Incremental authorisations: token and lifecycle.</summary>
    public static Hold? ForIncrement(GetTransaction m, IReadOnlyList<Hold> open) =>
        Blank(m.TraceidLifecycle) is { } lifecycle ? open.FirstOrDefault(h => h.Lifecycle == lifecycle) : null;

    /// <summary>Presentments: rule 1 (lifecycle, auth code, Trans_link, Matching_Txn_ID, currency),
    /// then rule 2 (lifecycle, auth code, currency), then rule 3 (auth code, Trans_link,
    /// Matching_Txn_ID, currency), then Matching_Txn_ID alone.</summary>
    public static Hold? ForPresentment(GetTransaction m, IReadOnlyList<Hold> open, Func<long, Hold?> byTxn)
    {
        string? lifecycle = Blank(m.TraceidLifecycle), link = Blank(m.TransLink), code = AuthCode(m.AuthCodeDe38), currency = Blank(m.TxnCcy);
        long? matching = m.MatchingTxnId;
        bool Currency(Hold h) => currency is null || h.TxnCurrency is null || h.TxnCurrency == currency;
        return open.FirstOrDefault(h => lifecycle is not null && h.Lifecycle == lifecycle && code is not null && h.AuthCode == code && link is not null && h.TransLink == link && matching == h.TxnId && Currency(h))
            ?? open.FirstOrDefault(h => lifecycle is not null && h.Lifecycle == lifecycle && code is not null && h.AuthCode == code && Currency(h))
            ?? open.FirstOrDefault(h => code is not null && h.AuthCode == code && link is not null && h.TransLink == link && matching == h.TxnId && Currency(h))
            ?? open.FirstOrDefault(h => lifecycle is not null && h.Lifecycle == lifecycle && Currency(h))
            ?? (matching is { } id && byTxn(id) is { Open: true } held && held.Token == m.Token ? held : null);
    }

    // "000000" is sent for no auth code and must count as blank (reference §7).
    private static string? AuthCode(string? code) => Blank(code) is { } c && c != "000000" ? c : null;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

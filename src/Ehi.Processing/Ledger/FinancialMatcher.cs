using Ehi.Core.Classification;
using Ehi.Core.Messages;

namespace Ehi.Processing.Ledger;

/// <summary>Matches a post-presentment financial message to the original financial message it
/// refers to, by the reference's keys (§7): a financial reversal (E) by ARN + token + Txn_Amt +
/// Txn_CCy + auth code + DE12 + RRN (Visa 25/26/27: then lifecycle + Trans_link, then auth code +
/// DE42); a second presentment (N) and a chargeback (C, H) by ARN + token + auth code + Trans_link
/// against the presentment; a chargeback reversal (K) by the same keys against the chargeback, then
/// the presentment. A key absent from either message does not count against a match (the
/// reference is silent on blanks); the ARN itself is required by the ARN rules. The most recent
/// candidate wins.</summary>
public static class FinancialMatcher
{
    /// <summary>The kinds matched to an original financial message.</summary>
    public static bool IsPostPresentment(MessageKind kind) => kind is MessageKind.SecondPresentment or MessageKind.FinancialReversal
        or MessageKind.Chargeback or MessageKind.ChargebackNonCredit or MessageKind.ChargebackReversal;

    /// <summary>The kinds recorded for matching: presentments and post-presentment messages.</summary>
    public static bool IsFinancial(MessageKind kind) => kind == MessageKind.Presentment || IsPostPresentment(kind);

    /// <summary>The message as a record (not yet matched).</summary>
    public static FinancialRecord RecordOf(GetTransaction m, MessageKind kind, long txnId, long token, DateTimeOffset at) => new()
    {
        TxnId = txnId,
        Token = token,
        Kind = kind,
        Arn = Blank(m.AcquirerReferenceData031),
        TransLink = Blank(m.TransLink),
        Lifecycle = Blank(m.TraceidLifecycle),
        AuthCode = AuthCode(m.AuthCodeDe38),
        TxnAmount = m.TxnAmt is { } amount ? Math.Abs(amount) : null,
        TxnCurrency = Blank(m.TxnCcy),
        PosTime = Blank(m.PosTimeDe12),
        Rrn = Blank(m.RetRefNoDe37),
        MerchantId = Blank(m.MerchIdDe42),
        BillAmount = m.BillAmt,
        BillCurrency = Blank(m.BillCcy),
        ReceivedAt = at,
    };

    /// <summary>The keys whose financials a post-presentment message needs read.</summary>
    public static FinancialKeys KeysOf(GetTransaction m, long token) =>
        new(token, Blank(m.AcquirerReferenceData031), Blank(m.TransLink), Blank(m.TraceidLifecycle), AuthCode(m.AuthCodeDe38));

    /// <summary>Matches <paramref name="message"/> against the card's earlier financials (oldest
    /// first). Returns the match and its rule, or null and why nothing matched.</summary>
    public static (FinancialRecord? Original, string Rule) Match(FinancialRecord message, string? mtid, IReadOnlyList<FinancialRecord> earlier)
    {
        var presentments = earlier.Where(f => f.Kind == MessageKind.Presentment && f.TxnId != message.TxnId).Reverse().ToList();
        var chargebacks = earlier.Where(f => f.Kind is MessageKind.Chargeback or MessageKind.ChargebackNonCredit && f.TxnId != message.TxnId).Reverse().ToList();
        switch (message.Kind)
        {
            case MessageKind.FinancialReversal:
                var financials = earlier.Where(f => f.Kind is MessageKind.Presentment or MessageKind.SecondPresentment && f.TxnId != message.TxnId).Reverse().ToList();
                if (message.Arn is not null && financials.FirstOrDefault(f => f.Arn == message.Arn && Same(f.TxnAmount, message.TxnAmount) && Same(f.TxnCurrency, message.TxnCurrency)
                        && Same(f.AuthCode, message.AuthCode) && Same(f.PosTime, message.PosTime) && Same(f.Rrn, message.Rrn)) is { } byArn)
                {
                    return (byArn, "ARN + token + Txn_Amt + Txn_CCy + auth code + DE12 + RRN");
                }

                if (mtid?.Trim() is "25" or "26" or "27")
                {
                    if (message.Lifecycle is not null && message.TransLink is not null
                        && financials.FirstOrDefault(f => f.Lifecycle == message.Lifecycle && f.TransLink == message.TransLink) is { } byLifecycle)
                    {
                        return (byLifecycle, "Visa: lifecycle + Trans_link");
                    }

                    if (message.AuthCode is not null && message.MerchantId is not null
                        && financials.FirstOrDefault(f => f.AuthCode == message.AuthCode && f.MerchantId == message.MerchantId) is { } byMerchant)
                    {
                        return (byMerchant, "Visa: auth code + DE42");
                    }
                }

                return (null, WhyNot(message, financials, "financial reversal", "presentment"));
            case MessageKind.ChargebackReversal:
                return ByArn(message, chargebacks) is { } chargeback
                    ? (chargeback, "ARN + token + auth code + Trans_link (chargeback)")
                    : ByArn(message, presentments) is { } presented
                        ? (presented, "ARN + token + auth code + Trans_link (presentment)")
                        : (null, WhyNot(message, [.. chargebacks, .. presentments], "chargeback reversal", "chargeback or presentment"));
            default:
                return ByArn(message, presentments) is { } original
                    ? (original, "ARN + token + auth code + Trans_link")
                    : (null, WhyNot(message, presentments, Describe(message.Kind), "presentment"));
        }
    }

    private static FinancialRecord? ByArn(FinancialRecord message, IEnumerable<FinancialRecord> candidates) =>
        message.Arn is null ? null : candidates.FirstOrDefault(f => f.Arn == message.Arn && Same(f.AuthCode, message.AuthCode) && Same(f.TransLink, message.TransLink));

    private static string WhyNot(FinancialRecord message, IReadOnlyList<FinancialRecord> candidates, string what, string original)
    {
        if (message.Arn is null)
        {
            return $"{what} carries no ARN (Acquirer_Reference_Data_031) to match by";
        }

        var sameArn = candidates.Where(f => f.Arn == message.Arn).ToList();
        if (sameArn.Count == 0)
        {
            return $"{what}: no {original} with ARN {message.Arn} on card {message.Token}";
        }

        var differing = new List<string>();
        var f = sameArn[0];
        Note(differing, "auth code", f.AuthCode, message.AuthCode);
        Note(differing, "Trans_link", f.TransLink, message.TransLink);
        if (message.Kind == MessageKind.FinancialReversal)
        {
            Note(differing, "Txn_Amt", f.TxnAmount?.ToString(System.Globalization.CultureInfo.InvariantCulture), message.TxnAmount?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Note(differing, "Txn_CCy", f.TxnCurrency, message.TxnCurrency);
            Note(differing, "DE12", f.PosTime, message.PosTime);
            Note(differing, "RRN", f.Rrn, message.Rrn);
        }

        return $"{what}: the {original} with ARN {message.Arn} (TXn_ID {f.TxnId}) differs in {string.Join(", ", differing)}";
    }

    private static void Note(List<string> differing, string name, string? original, string? value)
    {
        if (!Same(original, value))
        {
            differing.Add($"{name} ({original} vs {value})");
        }
    }

    private static string Describe(MessageKind kind) => kind switch
    {
        MessageKind.SecondPresentment => "second presentment",
        MessageKind.Chargeback => "chargeback",
        MessageKind.ChargebackNonCredit => "chargeback (non-credit)",
        _ => kind.ToString(),
    };

    private static bool Same(string? a, string? b) => a is null || b is null || a == b;

    private static bool Same(decimal? a, decimal? b) => a is null || b is null || a == b;

    // "000000" is sent for no auth code and must count as blank (reference §7).
    private static string? AuthCode(string? code) => Blank(code) is { } c && c != "000000" ? c : null;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

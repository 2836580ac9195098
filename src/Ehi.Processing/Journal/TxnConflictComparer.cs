using System.Globalization;
using Ehi.Core.Messages;

namespace Ehi.Processing.Journal;

/// <summary>Compares a repeat of a TXn_ID with the journalled message on the fields that say what
/// the message is and what it moves: kind, card, amounts, currencies and the lifecycle links. Fields
/// that legitimately change on a resend (SendingAttemptCount, balances, dates, reasons) are not
/// compared; amounts compare by value, so 12.5 and 12.5000 (or a SOAP resend of a JSON message) agree.</summary>
public static class TxnConflictComparer
{
    private static readonly (string Field, Func<GetTransaction, string?> Text)[] TextFields =
    [
        ("MTID", m => m.Mtid),
        ("Txn_Type", m => m.TxnType),
        ("Proc_Code", m => m.ProcCode),
        ("Bill_Ccy", m => m.BillCcy),
        ("Txn_CCy", m => m.TxnCcy),
        ("Settle_Ccy", m => m.SettleCcy),
        ("traceid_lifecycle", m => m.TraceidLifecycle),
        ("Trans_link", m => m.TransLink),
        ("Auth_Code_DE38", m => m.AuthCodeDe38),
    ];

    private static readonly (string Field, Func<GetTransaction, long?> Value)[] IdFields =
    [
        ("Token", m => m.Token),
        ("ProductID", m => m.ProductId),
        ("Matching_Txn_ID", m => m.MatchingTxnId),
    ];

    private static readonly (string Field, Func<GetTransaction, decimal?> Value)[] AmountFields =
    [
        ("Bill_Amt", m => m.BillAmt),
        ("Txn_Amt", m => m.TxnAmt),
        ("Settle_Amt", m => m.SettleAmt),
    ];

    /// <summary>The compared fields whose values differ, in a fixed order; empty when the repeat agrees.</summary>
    public static IReadOnlyList<FieldDifference> Compare(GetTransaction journalled, GetTransaction repeat)
    {
        var differences = new List<FieldDifference>();
        foreach (var (field, text) in TextFields)
        {
            string? before = text(journalled)?.Trim();
            string? after = text(repeat)?.Trim();
            if (!string.Equals(before, after, StringComparison.Ordinal))
            {
                differences.Add(new FieldDifference(field, before, after));
            }
        }

        foreach (var (field, value) in IdFields)
        {
            if (value(journalled) != value(repeat))
            {
                differences.Add(new FieldDifference(field, Invariant(value(journalled)), Invariant(value(repeat))));
            }
        }

        foreach (var (field, value) in AmountFields)
        {
            if (value(journalled) != value(repeat))
            {
                differences.Add(new FieldDifference(field, Invariant(value(journalled)), Invariant(value(repeat))));
            }
        }

        return differences;
    }

    private static string? Invariant(IFormattable? value) => value?.ToString(null, CultureInfo.InvariantCulture);
}

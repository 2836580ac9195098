using Ehi.Core.Messages;

namespace Ehi.Core.Codec;

/// <summary>Refuses amounts finer than their currency's minor unit (ISO 4217): <c>1e-28</c> in pounds
/// is not a payment, and accepting it makes balances carry 28 decimals.</summary>
internal static class AmountPrecision
{
    public static EhiProblem? Check(GetTransaction m) =>
        Check("Bill_Amt", m.BillAmt, "Bill_Ccy", m.BillCcy)
        ?? Check("Txn_Amt", m.TxnAmt, "Txn_CCy", m.TxnCcy)
        ?? Check("Settle_Amt", m.SettleAmt, "Settle_Ccy", m.SettleCcy)
        ?? Check("Fee_Fixed", m.FeeFixed, "Bill_Ccy", m.BillCcy)
        ?? Check("FX_Pad", m.FxPad, "Bill_Ccy", m.BillCcy)
        ?? Check("MCC_Pad", m.MccPad, "Bill_Ccy", m.BillCcy);

    private static EhiProblem? Check(string field, decimal? amount, string currencyField, string? currency)
    {
        if (amount is not { } value)
        {
            return null;
        }

        int units = CurrencyMinorUnits.Of(currency);
        if (decimal.Round(value, units) == value)
        {
            return null;
        }

        string of = string.IsNullOrWhiteSpace(currency) ? $"without {currencyField} at most {units}" : $"{currencyField} {currency} has {units}";
        return EhiProblem.TooPrecise(field, $"{field} {value.ToString(System.Globalization.CultureInfo.InvariantCulture)} has more decimals than its currency allows ({of}).");
    }
}

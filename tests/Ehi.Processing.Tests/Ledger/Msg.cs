using System.Globalization;
using System.Text.Json;

namespace Ehi.Processing.Tests.Ledger;

/// <summary>Builds EHI messages for ledger lifecycles: one card, realistic fields, amounts in GBP.</summary>
internal sealed class Msg
{
    private readonly Dictionary<string, object?> _fields = new(StringComparer.Ordinal);

    private Msg(string? mtid, string type, long txn, long token, decimal billAmt)
    {
        if (mtid is not null)
        {
            _fields["MTID"] = mtid;
        }

        _fields["Txn_Type"] = type;
        _fields["TXn_ID"] = txn;
        _fields["Token"] = token;
        _fields["Bill_Amt"] = billAmt;
        _fields["Bill_Ccy"] = "826";
        _fields["Txn_Amt"] = Math.Abs(billAmt);
        _fields["Txn_CCy"] = "826";
        _fields["Proc_Code"] = "000000";
        _fields["Authorised_by_GPS"] = "N";
        _fields["SendingAttemptCount"] = 0;
    }

    public static Msg Auth(long txn, long token, decimal amount, string lifecycle) =>
        new Msg("0100", "A", txn, token, -amount).With("traceid_lifecycle", lifecycle).With("Trans_link", "TL-" + lifecycle).With("Auth_Code_DE38", "A" + lifecycle[^5..]).With("Txn_Stat_Code", "A");

    public static Msg Reversal(long txn, long token, decimal amount, string lifecycle) =>
        new Msg("0400", "D", txn, token, amount).With("traceid_lifecycle", lifecycle).With("Trans_link", "TL-" + lifecycle).With("Auth_Code_DE38", "A" + lifecycle[^5..]);

    public static Msg Advice(long txn, long token, decimal amount, string lifecycle, string de39) =>
        new Msg("0120", "J", txn, token, -amount).With("traceid_lifecycle", lifecycle).With("Trans_link", "TL-" + lifecycle).With("Resp_Code_DE39", de39).With("Txn_Stat_Code", de39 == "00" ? "A" : "I");

    public static Msg Presentment(long txn, long token, decimal amount, string? lifecycle, long? matching = null) =>
        (lifecycle is null ? new Msg("1240", "P", txn, token, -amount) : new Msg("1240", "P", txn, token, -amount).With("traceid_lifecycle", lifecycle).With("Trans_link", "TL-" + lifecycle).With("Auth_Code_DE38", "A" + lifecycle[^5..]))
            .With("Matching_Txn_ID", matching).With("Txn_Stat_Code", "S");

    public static Msg Refund(long txn, long token, decimal amount, string lifecycle, bool presentment) =>
        (presentment ? new Msg("1240", "P", txn, token, amount) : new Msg("0100", "A", txn, token, amount))
            .With("Proc_Code", "200000").With("traceid_lifecycle", lifecycle);

    public static Msg Financial(string type, long txn, long token, decimal billAmt) => new("1240", type, txn, token, billAmt);

    public static Msg Thredd(string? mtid, string type, long txn, long token, decimal billAmt) => new(mtid, type, txn, token, billAmt);

    public Msg With(string field, object? value)
    {
        if (value is null)
        {
            _fields.Remove(field);
        }
        else
        {
            _fields[field] = value;
        }

        return this;
    }

    public override string ToString() => JsonSerializer.Serialize(_fields.ToDictionary(p => p.Key, p => p.Value is decimal d ? (object)JsonDocument.Parse(d.ToString(CultureInfo.InvariantCulture)).RootElement : p.Value));
}

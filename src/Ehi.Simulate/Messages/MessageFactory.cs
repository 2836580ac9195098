using System.Globalization;

namespace Ehi.Simulate.Messages;

/// <summary>Realistic EHI messages in Thredd's formats (reference §4, §8): Visa and Mastercard
/// MTIDs (Visa's with trailing spaces), lifecycle ids, Trans_link, auth codes, merchants, fees.
/// Everything random comes from the seed; TXn_IDs and tokens start from a run base so a run can be
/// repeated against the same host without its messages being taken for resends.</summary>
public sealed class MessageFactory
{
    private static readonly (string Name, string Mcc)[] Merchants =
    [
        ("CAFE EXAMPLE LONDON GB", "5812"), ("GROCER 24 MANCHESTER GB", "5411"), ("FUEL STOP LEEDS GB", "5542"),
        ("ONLINE BOOKS LUXEMBOURG LU", "5942"), ("RAIL TICKETS LONDON GB", "4112"), ("PHARMACY BRISTOL GB", "5912"),
    ];

    private readonly Random _random;
    private readonly DateTime _day;
    private long _nextTxn;
    private long _nextToken;

    /// <summary>Creates a factory.</summary>
    /// <param name="seed">Makes amounts, merchants and networks reproducible.</param>
    /// <param name="runBase">A number unique to this run (default: the clock), from which TXn_IDs and tokens are counted.</param>
    /// <param name="day">The business day the ids carry.</param>
    public MessageFactory(int seed, long runBase, DateTime day)
    {
        _random = new Random(seed);
        _nextTxn = runBase;
        _nextToken = 100_000_000 + (runBase % 800_000_000);
        _day = day;
    }

    /// <summary>A new TXn_ID.</summary>
    public long NextTxnId() => Interlocked.Increment(ref _nextTxn);

    /// <summary>A new card.</summary>
    public SimCard NewCard(string currency = "826") => new(Interlocked.Increment(ref _nextToken), currency);

    /// <summary>A random amount between min and max, in pence precision.</summary>
    public decimal Amount(decimal min, decimal max) => Math.Round(min + (decimal)_random.NextDouble() * (max - min), 2);

    /// <summary>Starts a lifecycle on a card.</summary>
    public Lifecycle Start(SimCard card, Network? network = null)
    {
        var n = network ?? (_random.Next(2) == 0 ? Network.Visa : Network.Mastercard);
        string date = _day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        string id = n == Network.Visa
            ? $"VIS1-{date}-{_random.NextInt64(100_000_000_000_000, 999_999_999_999_999)}"
            : $"BNET-{date}-MCC{_random.Next(100_000, 999_999)}";
        var (merchant, mcc) = Merchants[_random.Next(Merchants.Length)];
        return new Lifecycle(card, n, id, _day.ToString("yyMMdd", CultureInfo.InvariantCulture) + _random.NextInt64(100_000_000_000, 999_999_999_999).ToString(CultureInfo.InvariantCulture),
            _random.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture), _random.NextInt64(100_000_000_000, 999_999_999_999).ToString(CultureInfo.InvariantCulture), merchant, mcc, card.Currency);
    }

    /// <summary>An authorisation request (0100/A) for a debit of <paramref name="amount"/>.</summary>
    public SimMessage Auth(Lifecycle l, decimal amount, decimal fee = 0m, string authType = "0") =>
        Base("0100", "A", l, -amount, "A").Set("Proc_Code", "000000").Set("auth_type", authType).Set("Fee_Fixed", fee).Set("Fee_Rate", 0.00m)
            .Set("GPS_POS_Capability", "00001001000000000000000100010010001000000001130C0").Set("Resp_Code_DE39", "00").Set("Status_Code", "00");

    /// <summary>A refund authorisation (0100/A, Proc 20, positive amount).</summary>
    public SimMessage RefundAuth(Lifecycle l, decimal amount) => Base("0100", "A", l, amount, "A").Set("Proc_Code", "200000");

    /// <summary>An authorisation reversal (0400/D).</summary>
    public SimMessage Reversal(Lifecycle l, decimal amount) => Base("0400", "D", l, amount, "A").Set("Proc_Code", "000000");

    /// <summary>An authorisation advice (0120/J) with the network's decision.</summary>
    public SimMessage Advice(Lifecycle l, decimal amount, bool approved) =>
        Base("0120", "J", l, -amount, approved ? "A" : "I").Set("Proc_Code", "000000").Set("Resp_Code_DE39", approved ? "00" : "05").Set("Response_Source", "VISA-STIP");

    /// <summary>A first presentment, in the network's clearing MTID.</summary>
    public SimMessage Presentment(Lifecycle l, decimal amount, long? matchingTxnId = null) =>
        Base(l.Network == Network.Visa ? "05  " : "1240", "P", l, -amount, "S").Set("Proc_Code", "000000").Set("Matching_Txn_ID", matchingTxnId)
            .Set("Settle_Amt", -amount).Set("Acquirer_Reference_Data_031", "7" + l.TransLink + "0000").Set("Clearing_Process_Date", _day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>A refund presentment (credit).</summary>
    public SimMessage RefundPresentment(Lifecycle l, decimal amount) =>
        Base(l.Network == Network.Visa ? "06  " : "1240", "P", l, amount, "S").Set("Proc_Code", "200000");

    /// <summary>A clearing message of another type: C, H, K chargebacks, N second presentment, E financial reversal.</summary>
    public SimMessage Financial(Lifecycle l, string txnType, decimal billAmt) =>
        Base(txnType == "E" && l.Network == Network.Visa ? "25  " : "1240", txnType, l, billAmt, "S").Set("Proc_Code", "000000");

    /// <summary>A Thredd-originated message without MTID: L load, U unload, B adjustment, G payment.</summary>
    public SimMessage Thredd(SimCard card, string txnType, decimal billAmt)
    {
        long txn = NextTxnId();
        return Common(txn, card, billAmt).Set("Txn_Type", txnType).Set("Txn_Stat_Code", "S").Set("Trans_link", txn.ToString(CultureInfo.InvariantCulture))
            .Set("Proc_Code", txnType switch { "L" => "220000", "U" => "230000", _ => "000000" }).Set("LoadSRC", txnType is "L" or "U" ? "API" : null);
    }

    /// <summary>A balance enquiry (0100/A, Proc 30).</summary>
    public SimMessage BalanceEnquiry(Lifecycle l) => Base("0100", "A", l, 0m, "A").Set("Proc_Code", "300000");

    /// <summary>A Cut-Off for a TXn_ID range with counts.</summary>
    public SimMessage CutOff(long first, long last, long auths, long financials, long loads, long adjustments) =>
        new SimMessage { IsCutOff = true }
            .Set("CutOffId", NextTxnId() % 1_000_000_000).Set("ProductId", 99883L)
            .Set("CutOffDate", _day.AddHours(13).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture))
            .Set("FirstTransactionId", first).Set("LastTransactionId", last)
            .Set("AuthsAcknowledged", auths).Set("AuthsNotAcknowledged", 0L)
            .Set("FinancialsAcknowledged", financials).Set("FinancialsNotAcknowledged", 0L)
            .Set("LoadsUnloadsAcknowledged", loads).Set("LoadsUnloadsNotAcknowledged", 0L)
            .Set("BalanceAdjustExpiryAcknowledged", adjustments).Set("BalanceAdjustExpiryNotAcknowledged", 0L);

    private SimMessage Base(string mtid, string txnType, Lifecycle l, decimal billAmt, string stat) =>
        Common(NextTxnId(), l.Card, billAmt)
            .Set("MTID", mtid).Set("Txn_Type", txnType).Set("Txn_Stat_Code", stat)
            .Set("traceid_lifecycle", l.Id).Set("Traceid_Message", l.Id).Set("Trans_link", l.TransLink).Set("Auth_Code_DE38", l.AuthCode)
            .Set("Ret_Ref_No_DE37", l.Rrn).Set("Txn_Amt", Math.Abs(billAmt)).Set("Txn_CCy", l.TxnCurrency)
            .Set("MCC_Code", l.Mcc).Set("Merch_Name_DE43", l.Merchant).Set("Merch_ID_DE42", "4111           ");

    private SimMessage Common(long txn, SimCard card, decimal billAmt) => new SimMessage()
        .Set("TXn_ID", txn).Set("Token", card.Token).Set("Bill_Amt", billAmt).Set("Bill_Ccy", card.Currency)
        .Set("Authorised_by_GPS", "N").Set("SendingAttemptCount", 0).Set("ProductID", 99883L).Set("SubBIN", 44622180L).Set("InstCode", "TEST")
        .Set("Txn_GPS_Date", _day.AddHours(7).AddMinutes(_random.Next(600)).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture));
}

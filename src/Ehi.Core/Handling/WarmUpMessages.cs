using System.Text;

namespace Ehi.Core.Handling;

/// <summary>The messages of the server's warm-up exchange: an authorisation in each flavour Thredd
/// sends (JSON and SOAP 1.1) and one for a card that does not exist (the decline path), each with a
/// TXn_ID no real message has (negative, different in every round), so that even a handler that
/// journalled them by mistake could not collide with Thredd's keys.</summary>
public static class WarmUpMessages
{
    /// <summary>The token of the warm-up card (a throwaway ledger may create it).</summary>
    public const long Token = 999_000_001;

    /// <summary>A token no warm-up card has: its authorisation takes the decline path.</summary>
    public const long UnknownToken = 999_000_002;

    /// <summary>How many rounds the warm-up sends, each on a new connection. The runtime recompiles a
    /// method optimised after 30 calls, twice over (instrumented, then with what the instrumentation
    /// saw), and the connection path (handshake, chain judging, Kestrel's connection set-up) runs once a
    /// round: with 10 rounds it was still being recompiled during the first seconds of real traffic
    /// (about 3,000 compilations, a quarter of the server's CPU in a 10 s `openssl s_time` run). The
    /// warm-up over TLS sends at least this many, and more while the runtime is still compiling.</summary>
    public const int Rounds = 80;

    /// <summary>The most rounds the warm-up over TLS sends.</summary>
    public const int MaxRounds = 200;

    /// <summary>How many messages a round holds.</summary>
    public const int PerRound = 3;

    /// <summary>The TXn_ID of the SOAP sample of <paramref name="round"/> (a forward warm-up leaves it unanswered: the timeout path).</summary>
    public static long SoapTxnId(int round) => -(1000L * (round + 1)) - 2;

    /// <summary>The bodies of one round with their content type and SOAPAction header.</summary>
    public static IReadOnlyList<(string ContentType, string? SoapAction, byte[] Body)> Round(int round)
    {
        long first = -(1000L * (round + 1));
        return
        [
            ("application/json", null, Encoding.UTF8.GetBytes(
                $$"""{"MTID":"0100","Txn_Type":"A","TXn_ID":{{first - 1}},"Token":{{Token}},"traceid_lifecycle":"WARM-UP-{{round}}","Auth_Code_DE38":"000001","Bill_Amt":-0.01,"Bill_Ccy":"826","Txn_CCy":"826","Txn_Amt":-0.01,"Proc_Code":"000000","Authorised_by_GPS":"N","Txn_GPS_Date":"2025-01-01 00:00:00.000"}""")),
            ("text/xml; charset=utf-8", "\"http://tempuri.org/GetTransaction\"", Encoding.UTF8.GetBytes(
                $"""<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetTransaction xmlns="http://tempuri.org/"><MTID>0100</MTID><Txn_Type>A</Txn_Type><TXn_ID>{SoapTxnId(round)}</TXn_ID><Token>{Token}</Token><traceid_lifecycle>WARM-UP-S{round}</traceid_lifecycle><Bill_Amt>-0.01</Bill_Amt><Bill_Ccy>826</Bill_Ccy><Txn_CCy>826</Txn_CCy><Proc_Code>000000</Proc_Code><Authorised_by_GPS>N</Authorised_by_GPS><Txn_GPS_Date>2025-01-01 00:00:00.000</Txn_GPS_Date></GetTransaction></soap:Body></soap:Envelope>""")),
            ("application/json", null, Encoding.UTF8.GetBytes(
                $$"""{"MTID":"0100","Txn_Type":"A","TXn_ID":{{first - 3}},"Token":{{UnknownToken}},"Bill_Amt":-0.01,"Bill_Ccy":"826","Txn_CCy":"826","Proc_Code":"000000","Authorised_by_GPS":"N"}""")),
        ];
    }
}

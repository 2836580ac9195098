namespace Ehi.Core.Handling;

/// <summary>The messages of the server's warm-up exchange: one authorisation in each flavour
/// Thredd sends (JSON and SOAP 1.1), with a TXn_ID no real message has (negative), so that even a
/// handler that journalled them by mistake could not collide with Thredd's keys.</summary>
public static class WarmUpMessages
{
    /// <summary>The token of the warm-up card (a throwaway ledger may create it).</summary>
    public const long Token = 999_000_001;

    /// <summary>The bodies with their content type and SOAPAction header.</summary>
    public static IReadOnlyList<(string ContentType, string? SoapAction, byte[] Body)> All { get; } =
    [
        ("application/json", null, System.Text.Encoding.UTF8.GetBytes(
            $$"""{"MTID":"0100","Txn_Type":"A","TXn_ID":-101,"Token":{{Token}},"traceid_lifecycle":"WARM-UP-1","Auth_Code_DE38":"000001","Bill_Amt":-1.00,"Bill_Ccy":"826","Txn_CCy":"826","Txn_Amt":-1.00,"Proc_Code":"000000","Authorised_by_GPS":"N","Txn_GPS_Date":"2025-01-01 00:00:00.000"}""")),
        ("text/xml; charset=utf-8", "\"http://tempuri.org/GetTransaction\"", System.Text.Encoding.UTF8.GetBytes(
            $"""<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetTransaction xmlns="http://tempuri.org/"><MTID>0100</MTID><Txn_Type>A</Txn_Type><TXn_ID>-102</TXn_ID><Token>{Token}</Token><traceid_lifecycle>WARM-UP-2</traceid_lifecycle><Bill_Amt>-1.00</Bill_Amt><Bill_Ccy>826</Bill_Ccy><Txn_CCy>826</Txn_CCy><Proc_Code>000000</Proc_Code><Authorised_by_GPS>N</Authorised_by_GPS><Txn_GPS_Date>2025-01-01 00:00:00.000</Txn_GPS_Date></GetTransaction></soap:Body></soap:Envelope>""")),
    ];
}

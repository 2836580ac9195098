using System.Globalization;
using System.Xml;
using Ehi.Core.Messages;

namespace Ehi.Core.Codec;

/// <summary>Writes <c>GetTransactionResult</c> as the XML response schema has it (reference §5.1):
/// every element in schema order; the numeric ones are required (minOccurs=1, not nillable), so a
/// number that does not apply to this answer is written as 0 rather than left out, which strict
/// WCF and JAXB clients refuse; the strings are optional and left out when empty. Thredd reads the
/// numbers only where its rules say so (balances on an enquiry, LoadAmount with 0A,
/// Bill_Amt_Approved with 10, the STIP fields when Update_Balance is 1), so 0 elsewhere says
/// nothing. JSON answers keep omitting what they do not need.</summary>
internal static class SoapResultWriter
{
    public static void Write(XmlWriter writer, GetTransactionResponse response)
    {
        writer.WriteStartElement("GetTransactionResult", SoapMessageReader.TempUri);
        Text(writer, "Acknowledgement", response.Acknowledgement);
        Text(writer, "Responsestatus", response.ResponseStatus);
        Text(writer, "MerchantAdvice", response.MerchantAdvice);
        Number(writer, "CurBalance", response.CurBalance);
        Number(writer, "AvlBalance", response.AvlBalance);
        Number(writer, "LoadAmount", response.LoadAmount);
        Number(writer, "Bill_Amt_Approved", response.BillAmtApproved);
        Number(writer, "Update_Balance", response.UpdateBalance ?? 0);
        Number(writer, "New_Balance_Sequence_Exthost", response.NewBalanceSequenceExthost ?? 0);
        Number(writer, "CurBalance_GPS_STIP", response.CurBalanceGpsStip);
        Number(writer, "AvlBalance_GPS_STIP", response.AvlBalanceGpsStip);
        Text(writer, "CVV2_Result", response.Cvv2Result);
        writer.WriteEndElement();
    }

    private static void Text(XmlWriter writer, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            writer.WriteElementString(name, SoapMessageReader.TempUri, value);
        }
    }

    private static void Number(XmlWriter writer, string name, decimal? value) =>
        writer.WriteElementString(name, SoapMessageReader.TempUri, (value ?? 0m).ToString(CultureInfo.InvariantCulture));

    private static void Number(XmlWriter writer, string name, long value) =>
        writer.WriteElementString(name, SoapMessageReader.TempUri, value.ToString(CultureInfo.InvariantCulture));
}

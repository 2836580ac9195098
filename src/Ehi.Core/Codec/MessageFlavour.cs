namespace Ehi.Core.Codec;

/// <summary>The wire flavour a message arrived in; the answer goes back in the same one.</summary>
public enum MessageFlavour
{
    /// <summary>JSON (EHI 5.0+ "JSON format" products).</summary>
    Json,

    /// <summary>SOAP 1.1 (text/xml with a soapaction header).</summary>
    Soap11,

    /// <summary>SOAP 1.2 (application/soap+xml).</summary>
    Soap12,
}

namespace Ehi.Core.Handling;

/// <summary>One EHI message as it arrived on the EHI path, after mTLS admitted it.</summary>
/// <param name="Body">The raw body.</param>
/// <param name="ContentType">The Content-Type header.</param>
/// <param name="SoapAction">The <c>soapaction</c> header (SOAP/XML programmes), if any.</param>
/// <param name="TraceParent">The W3C <c>traceparent</c> header Thredd sent, if any.</param>
/// <param name="ClientThumbprint">SHA-256 thumbprint of the client certificate.</param>
/// <param name="ReceivedAt">When the body was fully read.</param>
public sealed record EhiRequest(ReadOnlyMemory<byte> Body, string? ContentType, string? SoapAction, string? TraceParent, string? ClientThumbprint, DateTimeOffset ReceivedAt)
{
    /// <summary>Set when the body was over this many bytes: <see cref="Body"/> then holds only its
    /// first part, and the message must be refused.</summary>
    public long? OversizedLimit { get; init; }

    /// <summary>The client's address: the peer's, or the one a trusted load balancer's PROXY
    /// protocol header named (so it is Thredd's address, not the balancer's).</summary>
    public string? RemoteAddress { get; init; }
}

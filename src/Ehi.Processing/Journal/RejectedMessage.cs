namespace Ehi.Processing.Journal;

/// <summary>A body that was refused with 400: kept so nothing Thredd sent is lost, never applied.</summary>
/// <param name="ReceivedAt">When it arrived.</param>
/// <param name="ProblemType">The problem's stable type.</param>
/// <param name="Detail">What was wrong.</param>
/// <param name="Body">The raw body (truncated to the size limit when oversized).</param>
/// <param name="ContentType">Its content type.</param>
/// <param name="TraceParent">The traceparent header.</param>
/// <param name="ClientThumbprint">The client certificate thumbprint.</param>
public sealed record RejectedMessage(DateTimeOffset ReceivedAt, string ProblemType, string Detail, ReadOnlyMemory<byte> Body, string? ContentType, string? TraceParent, string? ClientThumbprint)
{
    /// <summary>The client's address (behind a load balancer, the one its PROXY protocol header named).</summary>
    public string? RemoteAddress { get; init; }
}

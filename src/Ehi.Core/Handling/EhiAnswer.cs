namespace Ehi.Core.Handling;

/// <summary>What the host answers to one EHI message.</summary>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="ContentType">The Content-Type of <paramref name="Body"/>.</param>
/// <param name="Body">The body bytes, sent as they are.</param>
public sealed record EhiAnswer(int StatusCode, string ContentType, ReadOnlyMemory<byte> Body);

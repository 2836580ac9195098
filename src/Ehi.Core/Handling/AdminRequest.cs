namespace Ehi.Core.Handling;

/// <summary>A request on the admin listener (never the mTLS port), after its bearer token was checked.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path, e.g. <c>/cards/107419774/load</c>.</param>
/// <param name="Body">The body (JSON).</param>
public sealed record AdminRequest(string Method, string Path, ReadOnlyMemory<byte> Body);

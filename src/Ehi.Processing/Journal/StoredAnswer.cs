namespace Ehi.Processing.Journal;

/// <summary>An answer as journalled: replayed byte for byte to every repeat of its message.</summary>
/// <param name="Body">The exact bytes sent.</param>
/// <param name="ContentType">Their content type.</param>
public sealed record StoredAnswer(ReadOnlyMemory<byte> Body, string ContentType);

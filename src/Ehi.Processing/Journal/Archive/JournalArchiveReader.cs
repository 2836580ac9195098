using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Ehi.Processing.Journal.Archive;

/// <summary>Reads a journal archive back (<c>ehi journal list|show --archive FILE</c>): the same
/// records the journal held, filtered as the journal filters them.</summary>
public static class JournalArchiveReader
{
    /// <summary>Every line of the archive after its header, in the order written.</summary>
    /// <exception cref="InvalidDataException">The file is not a journal archive this ehi can read.</exception>
    public static async IAsyncEnumerable<ArchiveLine> ReadAsync(Stream source, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var gzip = new GZipStream(source, CompressionMode.Decompress, leaveOpen: true);
        using var text = new StreamReader(gzip, System.Text.Encoding.UTF8);
        bool first = true;
        long number = 0;
        while (await text.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            number++;
            ArchiveLine? parsed;
            try
            {
                parsed = JsonSerializer.Deserialize(line, ArchiveJsonContext.Default.ArchiveLine);
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"line {number} is not an archive record: {ex.Message}", ex);
            }

            if (first)
            {
                first = false;
                if (parsed?.Header is not { Format: ArchiveHeader.FormatName } header)
                {
                    throw new InvalidDataException("it does not start with an ehi journal archive header");
                }

                if (header.Version > ArchiveHeader.CurrentVersion)
                {
                    throw new InvalidDataException($"it is archive format {header.Version} and this ehi reads up to {ArchiveHeader.CurrentVersion}; use a newer ehi");
                }

                continue;
            }

            if (parsed is not null)
            {
                yield return parsed;
            }
        }

        if (first)
        {
            throw new InvalidDataException("it is empty");
        }
    }

    /// <summary>The archived messages that match <paramref name="query"/>, in the order written.</summary>
    public static async IAsyncEnumerable<JournalEntry> ListAsync(Stream source, JournalQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        int count = 0;
        await foreach (var line in ReadAsync(source, cancellationToken).ConfigureAwait(false))
        {
            if (count >= query.Limit)
            {
                yield break;
            }

            if (line.Message is { } entry && Matches(query, entry))
            {
                count++;
                yield return entry;
            }
        }
    }

    /// <summary>The journal's filter, applied to one entry.</summary>
    public static bool Matches(JournalQuery query, JournalEntry entry) =>
        (query.TxnId is not { } txn || entry.Key.TxnId == txn)
        && (query.Token is not { } token || entry.Token == token)
        && (query.Lifecycle is not { } lifecycle || entry.Lifecycle == lifecycle)
        && (query.Since is not { } since || entry.ReceivedAt >= since)
        && (query.Until is not { } until || entry.ReceivedAt < until);
}

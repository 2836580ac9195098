using Ehi.Processing.Journal;
using Ehi.Processing.Journal.Archive;

namespace Ehi.Processing.Storage;

/// <summary>Moves old journal rows into an archive in the safe order: <see cref="WriteAsync"/>
/// copies every archivable row into the archive; its owner makes the file durable (fsync); only
/// then <see cref="RemoveAsync"/> deletes exactly the rows written, in bounded batches. A crash in
/// between leaves rows in both the archive and the journal, never in neither.</summary>
/// <param name="store">The store.</param>
/// <param name="batchSize">Rows per read and per removal transaction.</param>
/// <param name="pause">Rest between removal transactions, so the server's writes get the database in between.</param>
public sealed class JournalArchiver(IJournalRetention store, int batchSize, TimeSpan pause)
{
    /// <summary>Writes every archivable row received before <paramref name="before"/>.</summary>
    public async Task<ArchiveWritten> WriteAsync(JournalArchiveWriter writer, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var messages = new List<(long Row, long TxnId)>();
        var cutOffs = new List<long>();
        var rejected = new List<long>();
        long bodyBytes = 0;
        for (long after = 0; ;)
        {
            var batch = await store.ArchivableMessagesAsync(before, after, batchSize, cancellationToken).ConfigureAwait(false);
            foreach (var row in batch)
            {
                writer.Write(row.Item);
                messages.Add((row.Row, row.TxnId));
                bodyBytes += row.Item.Body.Length + row.Item.Answer.Body.Length;
            }

            if (batch.Count < batchSize)
            {
                break;
            }

            after = batch[^1].Row;
        }

        for (long after = long.MinValue; ;)
        {
            var batch = await store.ArchivableCutOffsAsync(before, after, batchSize, cancellationToken).ConfigureAwait(false);
            foreach (var row in batch)
            {
                writer.Write(row.Item);
                cutOffs.Add(row.Row);
                bodyBytes += row.Item.Body.Length + row.Item.Answer.Body.Length;
            }

            if (batch.Count < batchSize)
            {
                break;
            }

            after = batch[^1].Row;
        }

        for (long after = 0; ;)
        {
            var batch = await store.ArchivableRejectedAsync(before, after, batchSize, cancellationToken).ConfigureAwait(false);
            foreach (var row in batch)
            {
                writer.Write(row.Item);
                rejected.Add(row.Row);
                bodyBytes += row.Item.Body.Length;
            }

            if (batch.Count < batchSize)
            {
                break;
            }

            after = batch[^1].Row;
        }

        return new ArchiveWritten(before, messages, cutOffs, rejected, bodyBytes);
    }

    /// <summary>Removes the rows <paramref name="written"/> names (call only once the archive is
    /// durable). A TXn_ID's rows go in one transaction; a row that is no longer archivable stays.</summary>
    public async Task<ArchiveRemoved> RemoveAsync(ArchiveWritten written, CancellationToken cancellationToken)
    {
        int messages = 0;
        var batch = new List<long>(batchSize);
        foreach (var group in written.Messages.GroupBy(m => m.TxnId))
        {
            if (batch.Count > 0 && batch.Count + group.Count() > batchSize)
            {
                messages += await RemoveBatchAsync(ArchiveTable.Messages, batch, written.Before, cancellationToken).ConfigureAwait(false);
                batch.Clear();
            }

            batch.AddRange(group.Select(m => m.Row));
        }

        if (batch.Count > 0)
        {
            messages += await RemoveBatchAsync(ArchiveTable.Messages, batch, written.Before, cancellationToken).ConfigureAwait(false);
        }

        int cutOffs = 0, rejected = 0;
        foreach (var chunk in written.CutOffs.Chunk(batchSize))
        {
            cutOffs += await RemoveBatchAsync(ArchiveTable.CutOffs, chunk, written.Before, cancellationToken).ConfigureAwait(false);
        }

        foreach (var chunk in written.Rejected.Chunk(batchSize))
        {
            rejected += await RemoveBatchAsync(ArchiveTable.Rejected, chunk, written.Before, cancellationToken).ConfigureAwait(false);
        }

        return new ArchiveRemoved(messages, cutOffs, rejected);
    }

    private async Task<int> RemoveBatchAsync(ArchiveTable table, IReadOnlyList<long> rows, DateTimeOffset before, CancellationToken cancellationToken)
    {
        int removed = await store.RemoveAsync(table, before, rows, cancellationToken).ConfigureAwait(false);
        await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
        return removed;
    }
}

/// <summary>What an archive holds, by the store's row ids.</summary>
/// <param name="Before">The cut-off it was written for.</param>
/// <param name="Messages">Message rows with their TXn_IDs.</param>
/// <param name="CutOffs">Cut-Off ids.</param>
/// <param name="Rejected">Refused-body rows.</param>
/// <param name="BodyBytes">Bytes of the bodies and answers archived, as stored.</param>
public sealed record ArchiveWritten(DateTimeOffset Before, IReadOnlyList<(long Row, long TxnId)> Messages, IReadOnlyList<long> CutOffs, IReadOnlyList<long> Rejected, long BodyBytes);

/// <summary>How many archived rows left the journal (the rest stay, archived twice over, never lost).</summary>
/// <param name="Messages">Messages removed.</param>
/// <param name="CutOffs">Cut-Offs removed.</param>
/// <param name="Rejected">Refused bodies removed.</param>
public sealed record ArchiveRemoved(int Messages, int CutOffs, int Rejected);

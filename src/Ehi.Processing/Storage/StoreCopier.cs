using Ehi.Processing.Journal;
using Ehi.Processing.Ledger;

namespace Ehi.Processing.Storage;

/// <summary>Copies a whole journal and ledger from one store into an empty one through the ports,
/// so moving from SQLite to PostgreSQL keeps the history, the balances and every stored answer.</summary>
public static class StoreCopier
{
    /// <summary>Reads everything from <paramref name="source"/> and imports it into <paramref name="target"/>.</summary>
    /// <exception cref="InvalidOperationException">The target is not empty.</exception>
    public static async Task<StoreContents> CopyAsync(IEhiStore source, IStoreImport target, CancellationToken cancellationToken)
    {
        if (!await target.IsEmptyAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("the target database already holds a journal or a ledger");
        }

        var messages = new List<JournalEntry>();
        await foreach (var entry in source.ListAsync(new JournalQuery { Limit = int.MaxValue }, cancellationToken).ConfigureAwait(false))
        {
            messages.Add(entry);
        }

        var cutOffs = new List<CutOffRecord>();
        await foreach (var cutOff in source.ListCutOffsAsync(cancellationToken).ConfigureAwait(false))
        {
            cutOffs.Add(cutOff);
        }

        var rejected = new List<RejectedMessage>();
        await foreach (var body in source.ListRejectedAsync(cancellationToken).ConfigureAwait(false))
        {
            rejected.Add(body);
        }

        var conflicts = new List<TxnConflict>();
        await foreach (var conflict in source.ListConflictsAsync(null, int.MaxValue, cancellationToken).ConfigureAwait(false))
        {
            conflicts.Add(conflict);
        }

        var accounts = new List<AccountWrite>();
        var holds = new List<Hold>();
        var postings = new List<Posting>();
        var unmatched = new List<UnmatchedRecord>();
        var financials = new List<FinancialRecord>();
        await using (var audit = await source.OpenAuditAsync(cancellationToken).ConfigureAwait(false))
        {
            await foreach (var account in audit.AccountsAsync(cancellationToken).ConfigureAwait(false))
            {
                accounts.Add(new AccountWrite(account, Created: true));
            }

            // Negative ids make the target insert them, in the source's order.
            await foreach (var hold in audit.HoldsAsync(cancellationToken).ConfigureAwait(false))
            {
                holds.Add(hold with { Id = -(holds.Count + 1) });
            }

            await foreach (var posting in audit.PostingsAsync(cancellationToken).ConfigureAwait(false))
            {
                postings.Add(posting);
            }

            await foreach (var record in audit.UnmatchedAsync(cancellationToken).ConfigureAwait(false))
            {
                unmatched.Add(record);
            }

            await foreach (var record in audit.FinancialsAsync(cancellationToken).ConfigureAwait(false))
            {
                financials.Add(record);
            }
        }

        var contents = new StoreContents(messages, cutOffs, rejected, new LedgerEffects(accounts, holds, postings, unmatched) { Financials = financials }) { Conflicts = conflicts };
        await target.ImportAsync(contents, cancellationToken).ConfigureAwait(false);
        return contents;
    }
}

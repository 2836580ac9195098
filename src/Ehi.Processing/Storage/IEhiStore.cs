namespace Ehi.Processing.Storage;

/// <summary>One storage backend: the journal and the ledger in one database, so a message and its
/// ledger effects commit in one transaction. SQLite (<c>--data DIR</c>) is the default;
/// PostgreSQL (<c>--database CONNECTION</c>) lets several hosts share one journal and ledger.</summary>
public interface IEhiStore : IJournalStore, ILedgerStore, IAsyncDisposable
{
    /// <summary>Where the data lives, for the startup report (never with a password).</summary>
    string Description { get; }
}

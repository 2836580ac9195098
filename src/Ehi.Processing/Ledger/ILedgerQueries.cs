namespace Ehi.Processing.Ledger;

/// <summary>Read-side of the ledger, for the admin API and <c>ehi ledger verify</c>.</summary>
public interface ILedgerQueries
{
    /// <summary>A card with its holds and postings.</summary>
    ValueTask<CardSnapshot?> GetCardAsync(long token, CancellationToken cancellationToken);

    /// <summary>Every invariant violation found; empty when the ledger is consistent.</summary>
    ValueTask<IReadOnlyList<string>> VerifyAsync(CancellationToken cancellationToken);
}

namespace Ehi.Processing.Journal;

/// <summary>The duplicate key of a message: its TXn_ID, and whether it is Thredd's decision
/// notification for that TXn_ID (which reuses the id of the request it reports on).</summary>
/// <param name="TxnId">The TXn_ID.</param>
/// <param name="ThreddDecision">True for the Authorised_by_GPS "Y" notification.</param>
public readonly record struct JournalKey(long TxnId, bool ThreddDecision)
{
    /// <inheritdoc />
    public override string ToString() => ThreddDecision ? $"{TxnId}/thredd-decision" : TxnId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

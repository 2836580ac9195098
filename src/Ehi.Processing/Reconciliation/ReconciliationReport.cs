namespace Ehi.Processing.Reconciliation;

/// <summary>The finance team's reconciliation of a window of UTC days (<c>ehi report reconcile</c>):
/// what arrived, what was decided, what moved in the ledger, and what needs a look. Its totals
/// are checked against the ledger's postings for the same window (<see cref="TiesOut"/>).</summary>
/// <param name="SchemaVersion">The document's version.</param>
/// <param name="From">First day.</param>
/// <param name="To">Last day (inclusive).</param>
/// <param name="HoldAgeDays">Open holds older than this many days (at the end of the window) are listed.</param>
/// <param name="Days">One section per day with traffic.</param>
/// <param name="OpenHoldsOlderThan">Open holds whose authorisation is older than <paramref name="HoldAgeDays"/> days.</param>
/// <param name="Totals">The sums of the days.</param>
/// <param name="Ledger">The ledger's postings for the messages of the window, summed directly.</param>
/// <param name="TiesOut">True when <paramref name="Totals"/> and <paramref name="Ledger"/> agree.</param>
public sealed record ReconciliationReport(int SchemaVersion, DateOnly From, DateOnly To, int HoldAgeDays, IReadOnlyList<ReconciliationDay> Days, IReadOnlyList<OldHold> OpenHoldsOlderThan, ReconciliationTotals Totals, ReconciliationTotals Ledger, bool TiesOut);

/// <summary>One UTC day of the report.</summary>
/// <param name="Date">The day.</param>
/// <param name="Messages">Counts and amounts by message kind and billing currency.</param>
/// <param name="Decisions">Approvals and declines by Responsestatus.</param>
/// <param name="ThreddDecisions">Thredd's stand-in decisions by what reconciliation did (applied, undone, nothing).</param>
/// <param name="PresentmentsWithoutAuthorisation">Presentments that matched no authorisation.</param>
/// <param name="PresentmentsOverHold">Presentments that debited more than their hold released.</param>
/// <param name="CutOffs">Cut-Offs received.</param>
/// <param name="CutOffMismatches">Cut-Offs whose counts differ from the journal's, with the differences.</param>
public sealed record ReconciliationDay(DateOnly Date, IReadOnlyList<KindLine> Messages, IReadOnlyList<DecisionLine> Decisions, IReadOnlyList<ThreddDecisionLine> ThreddDecisions, IReadOnlyList<PresentmentLine> PresentmentsWithoutAuthorisation, IReadOnlyList<PresentmentLine> PresentmentsOverHold, int CutOffs, IReadOnlyList<CutOffLine> CutOffMismatches);

/// <summary>Messages of one kind in one billing currency.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="Currency">Bill_Ccy ("-" when absent).</param>
/// <param name="Count">How many.</param>
/// <param name="Amount">The sum of |Bill_Amt| the messages carried.</param>
/// <param name="PostedActual">What they posted to cards' actual balances (positive credits the card).</param>
/// <param name="PostedBlocked">What they posted to cards' blocked amounts (positive blocks more).</param>
public sealed record KindLine(string Kind, string Currency, int Count, decimal Amount, decimal PostedActual, decimal PostedBlocked);

/// <summary>Decided messages with one answer.</summary>
/// <param name="Decision">Approved or Declined.</param>
/// <param name="ResponseStatus">The Responsestatus sent.</param>
/// <param name="Count">How many.</param>
public sealed record DecisionLine(string Decision, string ResponseStatus, int Count);

/// <summary>Thredd-decision notifications with one reconciliation outcome.</summary>
/// <param name="Reconciliation">What was done (ApplyThreddApproval, ReverseOurApproval, ...).</param>
/// <param name="Effect">applied, undone or nothing.</param>
/// <param name="Count">How many.</param>
public sealed record ThreddDecisionLine(string Reconciliation, string Effect, int Count);

/// <summary>A presentment worth a look.</summary>
/// <param name="TxnId">Its TXn_ID.</param>
/// <param name="Token">The card.</param>
/// <param name="Presented">The amount debited.</param>
/// <param name="Released">What its hold released.</param>
public sealed record PresentmentLine(long TxnId, long? Token, decimal Presented, decimal Released);

/// <summary>A Cut-Off that differs from the journal.</summary>
/// <param name="CutOffId">Its id.</param>
/// <param name="Differences">One sentence per differing category.</param>
public sealed record CutOffLine(long CutOffId, IReadOnlyList<string> Differences);

/// <summary>An open hold older than the report's threshold.</summary>
/// <param name="TxnId">The authorisation's TXn_ID.</param>
/// <param name="Token">The card.</param>
/// <param name="Amount">Still held.</param>
/// <param name="AuthorisedAt">When the authorisation arrived.</param>
public sealed record OldHold(long TxnId, long Token, decimal Amount, DateTimeOffset AuthorisedAt);

/// <summary>Sums over a window.</summary>
/// <param name="Messages">Messages counted.</param>
/// <param name="PostedActual">Net posted to cards' actual balances.</param>
/// <param name="PostedBlocked">Net posted to cards' blocked amounts.</param>
public sealed record ReconciliationTotals(int Messages, decimal PostedActual, decimal PostedBlocked);

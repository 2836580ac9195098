using Ehi.Core.Messages;
using Ehi.Processing.Journal;

namespace Ehi.Processing.Reconciliation;

/// <summary>Reconciles Thredd's decision notification with the host's own answer to the same
/// TXn_ID (reference §7): what to apply or undo, exactly once.</summary>
public static class ThreddDecisionReconciler
{
    /// <summary>The action for the notification, given the host's original entry (null if never seen).</summary>
    public static ReconciliationAction Reconcile(JournalEntry? original, GetTransaction notification)
    {
        bool threddApproved = ThreddApproved(notification);
        return (original?.Decision, threddApproved) switch
        {
            (Decision.Approved, true) => ReconciliationAction.NothingBothApproved,
            (Decision.Approved, false) => ReconciliationAction.ReverseOurApproval,
            (Decision.Declined, true) => ReconciliationAction.ApplyThreddApproval,
            (Decision.Declined, false) => ReconciliationAction.NothingBothDeclined,
            (_, true) => ReconciliationAction.ApplyUnseenApproval,
            (_, false) => ReconciliationAction.NothingUnseenDecline,
        };
    }

    /// <summary>Thredd's decision: Txn_Stat_Code A (accepted) or I (declined), else the DE39 code.</summary>
    public static bool ThreddApproved(GetTransaction notification) => notification.TxnStatCode?.Trim() switch
    {
        "A" or "C" or "S" => true,
        "I" or "V" => false,
        _ => Answers.ResponseCodes.IsApproval(notification.RespCodeDe39?.Trim()),
    };
}

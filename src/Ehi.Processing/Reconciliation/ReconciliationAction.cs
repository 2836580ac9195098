namespace Ehi.Processing.Reconciliation;

/// <summary>The six rows of the Thredd-decision table (reference §7). Names are journalled.</summary>
public enum ReconciliationAction
{
    /// <summary>We approved, Thredd approved: nothing to do.</summary>
    NothingBothApproved,

    /// <summary>We approved, Thredd declined (our answer was late or invalid): undo our approval (release the hold).</summary>
    ReverseOurApproval,

    /// <summary>We declined, Thredd approved: apply the approval (place the hold).</summary>
    ApplyThreddApproval,

    /// <summary>We declined, Thredd declined: nothing to do.</summary>
    NothingBothDeclined,

    /// <summary>We never saw the request, Thredd approved: apply the approval.</summary>
    ApplyUnseenApproval,

    /// <summary>We never saw the request, Thredd declined: nothing to do (logged).</summary>
    NothingUnseenDecline,
}

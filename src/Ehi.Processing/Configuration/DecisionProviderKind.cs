namespace Ehi.Processing.Configuration;

/// <summary>Who decides authorisation-type requests (<c>Ehi:Processing:Provider</c>).</summary>
public enum DecisionProviderKind
{
    /// <summary>One configured Responsestatus for every request.</summary>
    Static,

    /// <summary>The programme manager's decision service over HTTP.</summary>
    Forward,

    /// <summary>The built-in ledger, deciding inside the message's transaction.</summary>
    Ledger,
}

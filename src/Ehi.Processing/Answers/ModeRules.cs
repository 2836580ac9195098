using Ehi.Core.Messages;
using Ehi.Processing.Configuration;

namespace Ehi.Processing.Answers;

/// <summary>What the host may answer in each mode (reference §3). In mode 2 Thredd decides first
/// (its decision is in Resp_Code_DE39): the host may decline an approval, and may turn only a 51
/// into an approval with load (0A), a partial approval (10) or another decline; any other override
/// would be ignored by Thredd, so the host answers Thredd's own code instead.</summary>
public static class ModeRules
{
    /// <summary>The decision to send, given the provider's.</summary>
    public static GetTransactionResponse Apply(EhiMode mode, GetTransaction message, GetTransactionResponse provider)
    {
        if (mode != EhiMode.Cooperative)
        {
            return provider;
        }

        string? thredd = message.RespCodeDe39?.Trim();
        if (string.IsNullOrEmpty(thredd) || ResponseCodes.IsApproval(thredd))
        {
            return provider; // Thredd approved: the host may keep it or decline
        }

        if (thredd == ResponseCodes.InsufficientFunds)
        {
            // 0A, 10 or another decline are allowed; a plain approval is not.
            return provider.ResponseStatus == ResponseCodes.Approved ? provider with { ResponseStatus = thredd } : provider;
        }

        return new GetTransactionResponse { ResponseStatus = thredd };
    }
}

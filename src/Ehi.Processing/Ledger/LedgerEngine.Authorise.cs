using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ehi.Core.Messages;
using Ehi.Processing.Answers;
using Ehi.Processing.Configuration;
using Ehi.Processing.Journal;

namespace Ehi.Processing.Ledger;

/// <summary>Authorisation decisions: card, status, currency, rules, limits, 3-D Secure, funds; then
/// the hold (or, for SMS, the debit).</summary>
public sealed partial class LedgerEngine
{
    private LedgerResult Authorise(LedgerContext c, ILedgerSession s, bool settleNow)
    {
        var m = c.Message;
        if (m.Token is not { } token || s.GetAccount(token) is not { } account)
        {
            return Declined(Decline("14"), "unknown card");
        }

        if (c.Mode == EhiMode.Cooperative && m.RespCodeDe39?.Trim() is { Length: > 0 } thredd && !ResponseCodes.IsApproval(thredd))
        {
            // Mode 2: Thredd decided first. Only its 51 may be turned into an approval with load.
            decimal impact2 = Money.Impact(m);
            if (thredd != ResponseCodes.InsufficientFunds || !options.ApproveWithLoad || impact2 <= account.Available)
            {
                return Declined(Decline(thredd), $"Thredd declined with {thredd} (mode 2)");
            }

            return Short(c, s, account, Money.Debit(m), impact2, impact2);
        }

        if (Refusal(m, account, c.Now) is { } refusal)
        {
            return Declined(refusal.Response, refusal.Why);
        }

        decimal debit = Money.Debit(m);
        if (debit == 0m)
        {
            // Credits (refunds, OCT) are approved and credited only when the financial arrives.
            return new LedgerResult(Approve(), Decision.Approved, "credit authorisation approved; credited on the financial message");
        }

        var open = Candidates(s, token, m);
        if (c.Kind == Core.Classification.MessageKind.AuthorisationRepeat && HoldMatcher.ForIncrement(m, open) is { } repeated && repeated.TransLink == m.TransLink)
        {
            return new LedgerResult(Approve(), Decision.Approved, "repeat of an approved authorisation");
        }

        decimal impact = Money.Impact(m);
        var existing = settleNow ? null : HoldMatcher.ForIncrement(m, open);
        bool rebase = existing is not null && string.Equals(m.AuthType?.Trim(), "F", StringComparison.OrdinalIgnoreCase);
        decimal needed = rebase ? impact - existing!.Amount : impact;
        if (needed > account.Available)
        {
            return Short(c, s, account, debit, impact, needed);
        }

        account = Count(account, debit, c.Now);
        s.PutAccount(account);
        if (settleNow)
        {
            s.Post(c.Key.TxnId, token, "online financial debit", [new(PostingLeg.CardActual, -impact), new(SettlementAccount, impact)]);
            return new LedgerResult(WithStip(c, s, Approve()), Decision.Approved, $"{Posted}online financial debit {impact}");
        }

        Block(c, s, existing, impact, debit, rebase);
        return new LedgerResult(WithStip(c, s, Approve()), Decision.Approved, $"{Posted}{(existing is null ? "hold" : rebase ? "hold re-based" : "incremental hold")} {impact}");
    }

    private void Block(LedgerContext c, ILedgerSession s, Hold? existing, decimal impact, decimal debit, bool rebase)
    {
        var m = c.Message;
        if (existing is null)
        {
            OpenHold(s, NewHold(c, debit, impact), c.Key.TxnId, "authorisation hold");
            return;
        }

        var updated = existing with { Authorised = rebase ? debit : existing.Authorised + debit };
        Adjust(s, updated, rebase ? impact - existing.Amount : impact, c.Key.TxnId, rebase ? "final amount re-base" : "incremental authorisation");
    }

    private static Hold NewHold(LedgerContext c, decimal debit, decimal amount) => new()
    {
        Token = c.Message.Token!.Value,
        Lifecycle = c.Message.TraceidLifecycle,
        TransLink = c.Message.TransLink,
        AuthCode = c.Message.AuthCodeDe38,
        TxnId = c.Key.TxnId,
        TxnCurrency = c.Message.TxnCcy,
        Authorised = debit,
        Amount = amount,
    };

    private LedgerResult Short(LedgerContext c, ILedgerSession s, CardAccount account, decimal debit, decimal impact, decimal needed)
    {
        var m = c.Message;
        if (c.Mode == EhiMode.Cooperative && options.ApproveWithLoad)
        {
            // Approve with load: the shortfall is loaded first, then the purchase is held.
            decimal load = needed - account.Available;
            s.Post(c.Key.TxnId, account.Token, "approve with load", [new(PostingLeg.CardActual, load), new(FundingAccount, -load)]);
            Block(c, s, HoldMatcher.ForIncrement(m, Candidates(s, account.Token, m)), impact, debit, rebase: false);
            return new LedgerResult(new GetTransactionResponse { Acknowledgement = "1", ResponseStatus = ResponseCodes.ApprovedWithLoad, LoadAmount = load }, Decision.Approved, $"{Posted}approve with load {load}");
        }

        bool posSupportsPartial = m.GpsPosCapability is { Length: > 0 } capability && capability[0] == '1';
        decimal fees = impact - debit;
        decimal partial = account.Available - fees;
        if (options.PartialApproval && posSupportsPartial && partial > 0m && c.Kind != Core.Classification.MessageKind.OnlineFinancialRequest)
        {
            Block(c, s, null, partial + fees, partial, rebase: false);
            s.PutAccount(Count(s.GetAccount(account.Token)!, partial, c.Now));
            return new LedgerResult(WithStip(c, s, new GetTransactionResponse { Acknowledgement = "1", ResponseStatus = ResponseCodes.PartialApproval, BillAmtApproved = partial }), Decision.Approved, $"{Posted}partial approval {partial}");
        }

        return Declined(Decline(ResponseCodes.InsufficientFunds), $"insufficient funds: needs {needed}, available {account.Available}");
    }

    private static (GetTransactionResponse Response, string Why)? Refusal(GetTransaction m, CardAccount account, DateTimeOffset now)
    {
        if (CardStatuses.DeclineFor(account.Status) is { } status)
        {
            return (Decline(status.Code, status.Permanent), $"card {account.Status}");
        }

        if (m.StatusCode?.Trim() is { Length: > 0 } thredd && thredd != "00")
        {
            bool permanent = thredd is "41" or "43" or "46" or "54" or "83" or "99";
            return (Decline(thredd is "41" or "43" or "46" or "54" or "62" or "57" ? thredd : "62", permanent), $"Thredd card status {thredd}");
        }

        if (m.BillCcy is { } currency && !string.Equals(currency.Trim(), account.Currency, StringComparison.Ordinal))
        {
            return (Decline("05"), $"currency {currency} is not the card's {account.Currency}");
        }

        var rules = account.Rules;
        string proc = m.ProcCode?.Trim() ?? string.Empty;
        string entry = m.PosDataDe22?.Trim() is { Length: >= 2 } de22 ? de22[..2] : string.Empty;
        if ((proc.StartsWith("01", StringComparison.Ordinal) && !rules.Atm)
            || (proc.Length >= 2 && proc[..2] is "11" or "12" or "17" && !rules.CashAdvance)
            || (entry is "01" or "10" or "81" && !rules.Ecommerce)
            || (entry is "07" or "91" && !rules.Contactless)
            || (m.MccCode?.Trim() is { } mcc && rules.BlockedMccs.Contains(mcc)))
        {
            return (Decline("57"), "transaction type not allowed for this card");
        }

        decimal debit = Money.Debit(m);
        var (day, month) = Periods(now);
        decimal dayAmount = account.UsageDay == day ? account.DayAmount : 0m;
        decimal monthAmount = account.UsageMonth == month ? account.MonthAmount : 0m;
        int dayCount = account.UsageDay == day ? account.DayCount : 0;
        if ((rules.SingleLimit is { } single && debit > single)
            || (rules.DailyLimit is { } daily && debit > 0 && dayAmount + debit > daily)
            || (rules.MonthlyLimit is { } monthly && debit > 0 && monthAmount + debit > monthly))
        {
            return (Decline("61"), "amount limit exceeded");
        }

        if (rules.DailyCount is { } count && debit > 0 && dayCount + 1 > count)
        {
            return (Decline("65"), "frequency limit exceeded");
        }

        return ThreeDSecure(m) is { } why ? (Decline("63"), why) : null;
    }

    // 3-D Secure: the authentication must cover the authorisation (reference §4.2, §6).
    private static string? ThreeDSecure(GetTransaction m)
    {
        if (m.AuthenticationAmountUpper is { } upper && (m.TxnAmt ?? 0m) > upper)
        {
            return "3-D Secure authenticated a smaller amount";
        }

        if (m.AuthenticationCurrency is { Length: > 0 } currency && m.TxnCcy is { } txnCcy && currency.Trim() != txnCcy.Trim())
        {
            return "3-D Secure authenticated another currency";
        }

        if (m.AuthenticationMerchantHash is { Length: > 0 } hash && m.MerchName is { } name)
        {
            byte[] expected = SHA256.HashData(Encoding.UTF8.GetBytes(name));
            bool matches = hash.Equals(Convert.ToHexString(expected), StringComparison.OrdinalIgnoreCase) || hash == Convert.ToBase64String(expected);
            if (!matches)
            {
                return "3-D Secure authenticated another merchant";
            }
        }

        return null;
    }

    private static CardAccount Count(CardAccount account, decimal debit, DateTimeOffset now)
    {
        var (day, month) = Periods(now);
        return account with
        {
            UsageDay = day,
            DayAmount = (account.UsageDay == day ? account.DayAmount : 0m) + debit,
            DayCount = (account.UsageDay == day ? account.DayCount : 0) + 1,
            UsageMonth = month,
            MonthAmount = (account.UsageMonth == month ? account.MonthAmount : 0m) + debit,
            MonthCount = (account.UsageMonth == month ? account.MonthCount : 0) + 1,
        };
    }

    private static (string Day, string Month) Periods(DateTimeOffset now) =>
        (now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), now.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture));

    // Mode 4: refresh Thredd's STIP balance, only on real-time messages carrying both sequences.
    private static GetTransactionResponse WithStip(LedgerContext c, ILedgerSession s, GetTransactionResponse response)
    {
        if (c.Mode != EhiMode.GatewayWithStip || c.Message.BalanceSequence is null || c.Message.BalanceSequenceExthost is null || c.Message.Token is not { } token)
        {
            return response;
        }

        var account = s.GetAccount(token)!;
        long sequence = Math.Max(account.StipSequence, c.Message.BalanceSequenceExthost.Value) + 1;
        s.PutAccount(account with { StipSequence = sequence });
        return response with { UpdateBalance = 1, NewBalanceSequenceExthost = sequence, CurBalanceGpsStip = account.Actual, AvlBalanceGpsStip = account.Available };
    }

    private LedgerResult BalanceEnquiry(LedgerContext c, ILedgerSession s) =>
        c.Message.Token is { } token && s.GetAccount(token) is { } account
            ? new LedgerResult(new GetTransactionResponse { Acknowledgement = "1", ResponseStatus = ResponseCodes.Approved, CurBalance = account.Actual, AvlBalance = account.Available }, Decision.Approved, "balance enquiry")
            : Declined(Decline("14"), "unknown card");

    private LedgerResult Verify(LedgerContext c, ILedgerSession s)
    {
        if (c.Message.Token is not { } token || s.GetAccount(token) is not { } account)
        {
            return Declined(Decline("14"), "unknown card");
        }

        return CardStatuses.DeclineFor(account.Status) is { } status
            ? Declined(Decline(status.Code, status.Permanent), $"card {account.Status}")
            : new LedgerResult(Approve(), Decision.Approved, "verified");
    }

    private static GetTransactionResponse Approve() => new() { Acknowledgement = "1", ResponseStatus = ResponseCodes.Approved };

    private static LedgerResult Declined(GetTransactionResponse response, string why) => new(response, Decision.Declined, "declined: " + why);
}

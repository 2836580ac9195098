using Ehi.Core.Classification;
using Ehi.Core.Messages;

namespace Ehi.Core.Tests.Classification;

public sealed class MessageClassifierTests
{
    // (MTID as Thredd sends it, Txn_Type, Proc_Code, Authorised_by_GPS, expected kind)
    public static TheoryData<string?, string, string, string, MessageKind> Cases() => new()
    {
        { "0100", "A", "330000", "N", MessageKind.TokenAuthorisation },
        { "0120", "J", "340000", "N", MessageKind.TokenNotification },
        { "0620", "J", "350000", "N", MessageKind.TokenNotification },
        { "0100", "A", "360000", "N", MessageKind.TokenNotification },
        { "0620", "J", "000000", "N", MessageKind.TokenNotification },
        { "0100", "A", "000000", "Y", MessageKind.ThreddDecisionNotification },
        { "0200", "M", "000000", "Y", MessageKind.ThreddDecisionNotification },
        { "0100", "A", "300000", "N", MessageKind.BalanceEnquiry },
        { "0100", "A", "390000", "N", MessageKind.AccountVerification },
        { "0100", "A", "000000", "N", MessageKind.AuthorisationRequest },
        { "0100", "A", "200000", "N", MessageKind.AuthorisationRequest },
        { "0101", "A", "000000", "N", MessageKind.AuthorisationRepeat },
        { "1240", "A", "000000", "N", MessageKind.OfflineAuthorisationAdvice },
        { "05  ", "A", "000000", "N", MessageKind.OfflineAuthorisationAdvice },
        { "0120", "J", "000000", "N", MessageKind.AuthorisationAdvice },
        { "0120", "D", "000000", "N", MessageKind.AfdCompletionReversal },
        { "0400", "D", "000000", "N", MessageKind.AuthorisationReversal },
        { "0420", "D", "000000", "N", MessageKind.AuthorisationReversal },
        { null, "D", "000000", "N", MessageKind.AutomaticReversal },
        { "0200", "M", "000000", "N", MessageKind.OnlineFinancialRequest },
        { "0220", "Q", "000000", "N", MessageKind.OnlineFinancialAdvice },
        { "0420", "V", "000000", "N", MessageKind.OnlineFinancialReversal },
        { null, "P", "083999", "N", MessageKind.Fee },
        { null, "F", "083999", "N", MessageKind.Fee },
        { "1240", "P", "000000", "N", MessageKind.Presentment },
        { "05  ", "P", "000000", "N", MessageKind.Presentment },
        { "06  ", "P", "200000", "N", MessageKind.Presentment },
        { "07  ", "P", "010000", "N", MessageKind.Presentment },
        { "1240", "N", "000000", "N", MessageKind.SecondPresentment },
        { "1240", "E", "000000", "N", MessageKind.FinancialReversal },
        { "25  ", "E", "000000", "N", MessageKind.FinancialReversal },
        { "1240", "C", "000000", "N", MessageKind.Chargeback },
        { "1240", "H", "000000", "N", MessageKind.ChargebackNonCredit },
        { "1240", "K", "000000", "N", MessageKind.ChargebackReversal },
        { null, "L", "220000", "N", MessageKind.Load },
        { null, "U", "230000", "N", MessageKind.Unload },
        { null, "G", "280000", "N", MessageKind.Payment },
        { null, "B", "020000", "N", MessageKind.BalanceAdjustment },
        { null, "Y", "000000", "N", MessageKind.Expiry },
        { "9999", "Z", "000000", "N", MessageKind.Unknown },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classify_EveryCombination_GivesItsKind(string? mtid, string txnType, string proc, string byGps, MessageKind expected)
    {
        var message = new GetTransaction { Mtid = mtid, TxnType = txnType, ProcCode = proc, AuthorisedByGps = byGps };

        Assert.Equal(expected, MessageClassifier.Classify(message));
    }

    [Fact]
    public void Cases_CoverEveryRowOfTheTable()
    {
        // Given the first rule each case matches
        var hit = new HashSet<int>();
        foreach (var row in Cases())
        {
            var message = new GetTransaction { Mtid = (string?)row[0], TxnType = (string)row[1], ProcCode = (string)row[2], AuthorisedByGps = (string)row[3] };
            int index = MessageClassifier.Rules.ToList().FindIndex(r => r.Matches(message.Mtid ?? string.Empty, message.TxnType!, message.ProcCode!, message.IsThreddDecision));
            hit.Add(index);
        }

        // Then every row of the table is exercised by a case
        var missed = Enumerable.Range(0, MessageClassifier.Rules.Count).Where(i => !hit.Contains(i)).Select(i => MessageClassifier.Rules[i].Kind);
        Assert.Empty(missed);
    }

    [Theory]
    [InlineData(MessageKind.AuthorisationRequest, AnswerShape.Decision, CutOffCategory.Auths)]
    [InlineData(MessageKind.AuthorisationReversal, AnswerShape.Reversal, CutOffCategory.Auths)]
    [InlineData(MessageKind.AutomaticReversal, AnswerShape.Reversal, CutOffCategory.Auths)]
    [InlineData(MessageKind.OnlineFinancialReversal, AnswerShape.Reversal, CutOffCategory.Auths)]
    [InlineData(MessageKind.Presentment, AnswerShape.Acknowledge, CutOffCategory.Financials)]
    [InlineData(MessageKind.Load, AnswerShape.Acknowledge, CutOffCategory.LoadsUnloads)]
    [InlineData(MessageKind.Expiry, AnswerShape.Acknowledge, CutOffCategory.BalanceAdjustExpiry)]
    [InlineData(MessageKind.ThreddDecisionNotification, AnswerShape.Acknowledge, CutOffCategory.Auths)]
    public void ShapeAndCategory_FollowTheReference(MessageKind kind, AnswerShape shape, CutOffCategory category)
    {
        Assert.Equal(shape, MessageClassifier.ShapeOf(kind));
        Assert.Equal(category, MessageClassifier.CategoryOf(kind));
    }
}

using System.Text;
using Ehi.Core.Classification;
using Ehi.Processing.Journal;
using Ehi.Processing.Ledger;
using Ehi.Processing.Storage;

namespace Ehi.Processing.Tests.Storage;

/// <summary>Message units built by hand, for tests that drive a store's commit directly.</summary>
internal static class StoreUnits
{
    /// <summary>An authorisation unit that reads nothing, answers "answer {<paramref name="answer"/>}"
    /// and writes <paramref name="effects"/>; its decision throws when <paramref name="fail"/> is set.
    /// The body is "message {txn}" unless <paramref name="body"/> is given.</summary>
    public static MessageUnit Message(long txn, string answer, bool fail, LedgerEffects? effects = null, byte[]? body = null) =>
        new(new JournalKey(txn, false), LedgerReads.None, _ => fail
            ? throw new InvalidOperationException("a decision that throws")
            : new MessageCommit(
                new JournalEntry
                {
                    Key = new JournalKey(txn, false),
                    Kind = MessageKind.AuthorisationRequest,
                    Flavour = "Json",
                    Body = body ?? Encoding.UTF8.GetBytes($"message {txn}"),
                    Answer = new StoredAnswer(Encoding.UTF8.GetBytes("answer " + answer), "application/json"),
                    Acknowledged = true,
                    ReceivedAt = DateTimeOffset.UtcNow,
                },
                effects ?? LedgerEffects.None));
}

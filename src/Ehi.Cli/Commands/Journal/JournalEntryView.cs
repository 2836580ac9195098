using System.Text;
using Ehi.Processing.Journal;

namespace Ehi.Cli.Commands.Journal;

/// <summary>A journal entry as `ehi journal --json` and `export` print it (bodies as text).</summary>
internal sealed record JournalEntryView(
    long TxnId,
    bool ThreddDecision,
    string Kind,
    string? Mtid,
    string? TxnType,
    string? ProcCode,
    long? Token,
    string? Lifecycle,
    string? TransLink,
    long? ProductId,
    int? SendingAttempt,
    string Flavour,
    DateTimeOffset ReceivedAt,
    long ElapsedMicroseconds,
    bool Acknowledged,
    string? ResponseStatus,
    string Decision,
    string? DecidedBy,
    string? Reconciliation,
    string? LateDecision,
    string? TraceParent,
    string? ClientThumbprint,
    string? RemoteAddress,
    string? Body,
    string? Answer,
    string? Effect = null)
{
    public static JournalEntryView From(JournalEntry e, bool withBodies) => new(
        e.Key.TxnId, e.Key.ThreddDecision, e.Kind.ToString(), e.Mtid, e.TxnType, e.ProcCode, e.Token, e.Lifecycle, e.TransLink, e.ProductId,
        e.SendingAttempt, e.Flavour, e.ReceivedAt, e.ElapsedMicroseconds, e.Acknowledged, e.ResponseStatus, e.Decision.ToString(), e.DecidedBy,
        e.Reconciliation, e.LateDecision, e.TraceParent, e.ClientThumbprint, e.RemoteAddress,
        withBodies ? Encoding.UTF8.GetString(e.Body.Span) : null,
        withBodies ? Encoding.UTF8.GetString(e.Answer.Body.Span) : null,
        e.Effect);
}

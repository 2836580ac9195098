using System.Text;
using Ehi.Processing.Journal;

namespace Ehi.Cli.Commands.Journal;

/// <summary>A TXn_ID content conflict as `ehi journal conflicts --json` prints it (the repeat's body as text).</summary>
internal sealed record ConflictView(
    long TxnId,
    bool ThreddDecision,
    DateTimeOffset DetectedAt,
    string Flavour,
    int? SendingAttempt,
    IReadOnlyList<FieldDifference> Differences,
    string BodySha256,
    string Body,
    string? ContentType,
    string? RemoteAddress)
{
    public static ConflictView From(TxnConflict c) => new(
        c.Key.TxnId, c.Key.ThreddDecision, c.DetectedAt, c.Flavour, c.SendingAttempt, c.Differences, c.BodySha256, Encoding.UTF8.GetString(c.Body.Span), c.ContentType, c.RemoteAddress);
}

/// <summary>The `ehi journal conflicts --json` document.</summary>
internal sealed record ConflictReport(int SchemaVersion, IReadOnlyList<ConflictView> Conflicts);

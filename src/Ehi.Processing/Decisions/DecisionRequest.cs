using Ehi.Core.Classification;
using Ehi.Core.Codec;
using Ehi.Core.Handling;
using Ehi.Core.Messages;
using Ehi.Processing.Answers;
using Ehi.Processing.Configuration;
using Ehi.Processing.Journal;
using Ehi.Processing.Reconciliation;

namespace Ehi.Processing.Decisions;

/// <summary>One message as a decider sees it.</summary>
/// <param name="Request">The request as received.</param>
/// <param name="Message">The parsed message.</param>
/// <param name="Flavour">JSON or SOAP.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Key">Its journal key.</param>
/// <param name="Mode">Its product's mode.</param>
/// <param name="Rule">How it is answered.</param>
/// <param name="Reconciliation">For a Thredd-decision notification, what to apply or undo.</param>
/// <param name="Started">The timestamp it arrived at (for the budget).</param>
public sealed record DecisionRequest(EhiRequest Request, GetTransaction Message, MessageFlavour Flavour, MessageKind Kind, JournalKey Key, EhiMode Mode, AnswerRule Rule, ReconciliationAction? Reconciliation, long Started);

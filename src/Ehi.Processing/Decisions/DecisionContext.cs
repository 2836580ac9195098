using Ehi.Core.Classification;
using Ehi.Core.Codec;
using Ehi.Core.Handling;
using Ehi.Core.Messages;

namespace Ehi.Processing.Decisions;

/// <summary>What a decision provider is asked about.</summary>
/// <param name="Message">The parsed message.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Mode">The EHI mode of its product.</param>
/// <param name="Request">The request as received (raw body, traceparent).</param>
/// <param name="Flavour">JSON or SOAP.</param>
public sealed record DecisionContext(GetTransaction Message, MessageKind Kind, Configuration.EhiMode Mode, EhiRequest Request, MessageFlavour Flavour);

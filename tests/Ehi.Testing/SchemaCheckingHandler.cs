using System.Collections.Concurrent;
using System.Text;
using Ehi.Core.Handling;

namespace Ehi.Testing;

/// <summary>Wraps the server's message handler in tests: every SOAP answer it produces is checked
/// against the EHI response schema, so answers that only a test's client (the simulator, curl)
/// reads are checked too. Violations are kept and reported when the server stops.</summary>
internal sealed class SchemaCheckingHandler(IEhiMessageHandler inner, ConcurrentQueue<string> violations) : IEhiMessageHandler
{
    public async ValueTask<EhiAnswer> HandleAsync(EhiRequest request, CancellationToken cancellationToken)
    {
        var answer = await inner.HandleAsync(request, cancellationToken);
        if (answer.StatusCode == 200 && SoapAnswerSchema.IsSoap(answer.ContentType))
        {
            string body = Encoding.UTF8.GetString(answer.Body.Span);
            foreach (string violation in SoapAnswerSchema.Violations(body, answer.ContentType))
            {
                violations.Enqueue($"{violation} in {body}");
            }
        }

        return answer;
    }
}

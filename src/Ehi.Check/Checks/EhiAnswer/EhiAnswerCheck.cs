using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Ehi.Check.Connectivity;
using Ehi.Check.Engine;
using Ehi.Check.Findings;

namespace Ehi.Check.Checks.EhiAnswer;

/// <summary>With <c>--ehi</c>: a real GetTransaction authorisation is POSTed and its answer must have
/// the shape Thredd accepts (reference §5): 200, JSON, <c>Acknowledgement</c> "1" or "0" as a string,
/// a two-character <c>Responsestatus</c> when present, and no null anywhere.</summary>
public sealed class EhiAnswerCheck : ICheck
{
    /// <inheritdoc />
    public string Id => "ehi";

    /// <inheritdoc />
    public string Description => "With --ehi and a client certificate: a real authorisation gets an answer Thredd accepts.";

    /// <inheritdoc />
    public async Task<IReadOnlyList<Finding>> RunAsync(CheckContext context, CancellationToken cancellationToken) =>
        context.Options is { EhiMessage: true, ClientCertificate: { } client }
            ? [await RunAsync(context.Options.Url, client, context.Options.ClientChain, context.Options.Timeout, cancellationToken).ConfigureAwait(false)]
            : [];

    /// <summary>Runs the probe.</summary>
    public static async Task<Finding> RunAsync(Uri url, X509Certificate2 client, X509Certificate2[] chain, TimeSpan timeout, CancellationToken cancellationToken)
    {
        long txn = 9_000_000_000_000 + Random.Shared.NextInt64(1_000_000_000);
        string message = $$"""{"MTID":"0100","Txn_Type":"A","Txn_Stat_Code":"A","TXn_ID":{{txn}},"Token":999999999,"traceid_lifecycle":"VIS1-20250301-{{txn}}","Proc_Code":"000000","Bill_Amt":-1.00,"Bill_Ccy":"826","Txn_Amt":1.00,"Txn_CCy":"826","Authorised_by_GPS":"N","SendingAttemptCount":0,"Txn_GPS_Date":"2025-03-01 07:28:37.526"}""";
        var answer = await HttpProbe.PostAsync(url, client, chain, message, timeout, cancellationToken).ConfigureAwait(false);
        string? problem = Problem(answer);
        return problem is null
            ? new Finding("ehi.answer", FindingStatus.Pass, "A real EHI authorisation gets a well-formed answer.", answer.Body, null)
            : new Finding("ehi.answer", FindingStatus.Fail, "The answer to a real EHI authorisation is not what Thredd accepts: " + problem, answer.Status == 0 ? answer.Failure ?? string.Empty : $"HTTP {answer.Status}: {answer.Body}", "Answer 200 with {\"Acknowledgement\":\"1\",\"Responsestatus\":\"00\"} (no nulls, Acknowledgement as a string).");
    }

    private static string? Problem(HttpProbe.Answer answer)
    {
        if (answer.Status != 200)
        {
            return answer.Status == 0 ? "no HTTP answer" : $"HTTP {answer.Status}";
        }

        try
        {
            using var document = JsonDocument.Parse(answer.Body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return "the body is not a JSON object";
            }

            if (!root.TryGetProperty("Acknowledgement", out var ack) || ack.ValueKind != JsonValueKind.String || ack.GetString() is not ("1" or "0"))
            {
                return "Acknowledgement must be the string \"1\" or \"0\"";
            }

            if (root.TryGetProperty("Responsestatus", out var status) && (status.ValueKind != JsonValueKind.String || status.GetString()!.Length != 2))
            {
                return "Responsestatus must be a two-character string";
            }

            string? nullField = root.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Null).Select(p => p.Name).FirstOrDefault();
            return nullField is null ? null : $"{nullField} is null";
        }
        catch (JsonException)
        {
            return "the body is not JSON";
        }
    }
}

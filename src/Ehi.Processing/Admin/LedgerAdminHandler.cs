using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ehi.Core.Handling;
using Ehi.Processing.Ledger;
using Ehi.Processing.Storage;

namespace Ehi.Processing.Admin;

/// <summary>The admin API of the built-in ledger: create, load, unload, status, rules, show, verify.
/// Routes: <c>POST /cards</c>, <c>POST /cards/bulk</c>, <c>GET /cards/{token}</c>,
/// <c>POST /cards/{token}/load|unload</c>, <c>PUT /cards/{token}/status|rules</c>, <c>GET /ledger/verify</c>.</summary>
public sealed class LedgerAdminHandler(CardAdministration cards, ILedgerStore ledger, Telemetry.ProcessingMetrics? metrics = null) : IAdminHandler
{
    /// <inheritdoc />
    public async ValueTask<EhiAnswer> HandleAsync(AdminRequest request, CancellationToken cancellationToken)
    {
        string[] parts = request.Path.Trim('/').Split('/');
        try
        {
            return (request.Method, parts) switch
            {
                ("POST", ["cards"]) => await CreateAsync(Read(request, AdminJsonContext.Default.CreateCardRequest), cancellationToken).ConfigureAwait(false),
                ("POST", ["cards", "bulk"]) => await CreateManyAsync(Read(request, AdminJsonContext.Default.CreateCardsRequest), cancellationToken).ConfigureAwait(false),
                ("GET", ["cards", var token]) => await ShowAsync(Token(token), cancellationToken).ConfigureAwait(false),
                ("POST", ["cards", var token, "load"]) => Outcome(await cards.MoveAsync(Token(token), Positive(Read(request, AdminJsonContext.Default.AmountRequest).Amount), cancellationToken).ConfigureAwait(false)),
                ("POST", ["cards", var token, "unload"]) => Outcome(await cards.MoveAsync(Token(token), -Positive(Read(request, AdminJsonContext.Default.AmountRequest).Amount), cancellationToken).ConfigureAwait(false)),
                ("PUT", ["cards", var token, "status"]) => Outcome(await cards.SetStatusAsync(Token(token), Status(Read(request, AdminJsonContext.Default.StatusRequest).Status), cancellationToken).ConfigureAwait(false)),
                ("PUT", ["cards", var token, "rules"]) => Outcome(await cards.SetRulesAsync(Token(token), Read(request, AdminJsonContext.Default.CardRules), cancellationToken).ConfigureAwait(false)),
                ("GET", ["ledger", "verify"]) => await VerifyAsync(cancellationToken).ConfigureAwait(false),
                _ => Error(404, $"No admin route {request.Method} {request.Path}."),
            };
        }
        catch (AdminInputException ex)
        {
            return Error(400, ex.Message);
        }
    }

    private async ValueTask<EhiAnswer> CreateAsync(CreateCardRequest create, CancellationToken cancellationToken)
    {
        if (create.Currency is not { Length: 3 } || !create.Currency.All(char.IsAsciiDigit))
        {
            throw new AdminInputException("currency must be an ISO 4217 numeric code such as 826.");
        }

        return await cards.CreateAsync(create.Token, create.Currency, create.Balance, Status(create.Status), cancellationToken).ConfigureAwait(false)
            ? await ShowAsync(create.Token, cancellationToken, 201).ConfigureAwait(false)
            : Error(409, $"Card {create.Token} exists.");
    }

    private async ValueTask<EhiAnswer> CreateManyAsync(CreateCardsRequest create, CancellationToken cancellationToken)
    {
        if (create.Count is < 1 or > 1_000_000)
        {
            throw new AdminInputException("count must be between 1 and 1000000.");
        }

        int created = await cards.CreateManyAsync(create.FirstToken, create.Count, create.Currency, create.Balance, cancellationToken).ConfigureAwait(false);
        return Json(201, new CreatedDocument(created), AdminJsonContext.Default.CreatedDocument);
    }

    private async ValueTask<EhiAnswer> ShowAsync(long token, CancellationToken cancellationToken, int status = 200)
    {
        if (await ledger.GetCardAsync(token, cancellationToken).ConfigureAwait(false) is not { } card)
        {
            return Error(404, $"Card {token} does not exist.");
        }

        var a = card.Account;
        var document = new CardDocument(
            a.Token, a.Currency, a.Status, a.Actual, a.Available, a.Blocked, a.Rules,
            [.. card.Holds.Select(h => new HoldDocument(h.TxnId, h.Lifecycle, h.TransLink, h.AuthCode, h.Authorised, h.Amount))],
            card.Postings);
        return Json(status, document, AdminJsonContext.Default.CardDocument);
    }

    private async ValueTask<EhiAnswer> VerifyAsync(CancellationToken cancellationToken)
    {
        var violations = await LedgerVerifier.VerifyAsync(ledger, cancellationToken).ConfigureAwait(false);
        if (violations.Count > 0)
        {
            metrics?.VerifyFailed(violations.Count);
        }

        return Json(200, new VerifyDocument(violations.Count == 0, violations), AdminJsonContext.Default.VerifyDocument);
    }

    private static EhiAnswer Outcome(AdminOutcome outcome) => outcome switch
    {
        AdminOutcome.Done => new EhiAnswer(204, "application/json", ReadOnlyMemory<byte>.Empty),
        AdminOutcome.UnknownCard => Error(404, "The card does not exist."),
        _ => Error(409, "The unload is larger than the available balance."),
    };

    private static T Read<T>(AdminRequest request, JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(request.Body.Span, type) ?? throw new AdminInputException("The body is empty.");
        }
        catch (JsonException ex)
        {
            throw new AdminInputException("The body is not valid: " + ex.Message);
        }
    }

    private static long Token(string text) =>
        long.TryParse(text, out long token) ? token : throw new AdminInputException($"'{text}' is not a card token.");

    private static decimal Positive(decimal amount) =>
        amount > 0m ? amount : throw new AdminInputException("amount must be positive.");

    private static string Status(string status) =>
        CardStatuses.All.Contains(status) ? status : throw new AdminInputException($"status must be one of {string.Join(", ", CardStatuses.All)}.");

    private static EhiAnswer Error(int status, string message) => Json(status, new ErrorDocument(message), AdminJsonContext.Default.ErrorDocument);

    private static EhiAnswer Json<T>(int status, T value, JsonTypeInfo<T> type) => new(status, "application/json", JsonSerializer.SerializeToUtf8Bytes(value, type));

    private sealed class AdminInputException(string message) : Exception(message);
}

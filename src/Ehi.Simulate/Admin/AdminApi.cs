using System.Net.Http.Json;
using Ehi.Processing.Admin;

namespace Ehi.Simulate.Admin;

/// <summary>The host's admin API (the built-in ledger), used to create cards and read balances.</summary>
public sealed class AdminApi(HttpClient http) : IDisposable
{
    /// <summary>Creates a client for an admin URL with an optional bearer token.</summary>
    public static AdminApi Create(Uri url, string? token)
    {
        var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(5) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return new AdminApi(http);
    }

    /// <summary>Creates a card.</summary>
    public async Task CreateCardAsync(long token, string currency, decimal balance, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("cards", new CreateCardRequest(token, currency, balance), AdminJsonContext.Default.CreateCardRequest, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Creates many funded cards in one call.</summary>
    public async Task<int> CreateCardsAsync(long firstToken, int count, string currency, decimal balance, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("cards/bulk", new CreateCardsRequest(firstToken, count, currency, balance), AdminJsonContext.Default.CreateCardsRequest, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync(AdminJsonContext.Default.CreatedDocument, cancellationToken).ConfigureAwait(false))!.Created;
    }

    /// <summary>A card's balances and holds.</summary>
    public async Task<CardDocument> CardAsync(long token, CancellationToken cancellationToken) =>
        (await http.GetFromJsonAsync($"cards/{token}", AdminJsonContext.Default.CardDocument, cancellationToken).ConfigureAwait(false))!;

    /// <summary>The ledger's invariant check.</summary>
    public async Task<VerifyDocument> VerifyAsync(CancellationToken cancellationToken) =>
        (await http.GetFromJsonAsync("ledger/verify", AdminJsonContext.Default.VerifyDocument, cancellationToken).ConfigureAwait(false))!;

    /// <inheritdoc />
    public void Dispose() => http.Dispose();
}

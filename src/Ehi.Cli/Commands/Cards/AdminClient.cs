using System.CommandLine;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ehi.Cli.Output;
using Ehi.Processing.Admin;

namespace Ehi.Cli.Commands.Cards;

/// <summary>The `ehi cards` and `ehi ledger` client of the admin API; HTTP answers become exit codes.</summary>
internal sealed class AdminClient(Uri baseUrl, string? token) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(120) };

    public static Option<string> UrlOption() => new("--admin")
    {
        Description = "The admin API of ehi serve.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("EHI_ADMIN") ?? "http://127.0.0.1:8444",
    };

    public static Option<string?> TokenOption() => new("--token")
    {
        Description = "Bearer token of the admin API (default: EHI_ADMIN_TOKEN).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("EHI_ADMIN_TOKEN"),
    };

    public static AdminClient From(ParseResult result, Option<string> url, Option<string?> token)
    {
        string text = result.GetValue(url)!;
        return Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri)
            ? new AdminClient(uri, result.GetValue(token))
            : throw new CliError(ExitCodes.Usage, "use the admin API", $"'{text}' is not a URL", "pass --admin http://127.0.0.1:8444");
    }

    /// <summary>Sends a request; returns the body of a 2xx answer, turns anything else into a CliError.</summary>
    public async Task<string> SendAsync(HttpMethod method, string path, string? json, string action, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new CliError(ExitCodes.Unreachable, action, $"the admin API at {_http.BaseAddress} cannot be reached ({ex.Message})", "is ehi serve running with the ledger? point --admin at its admin listener");
        }

        using (response)
        {
            string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return body;
            }

            string error = TryError(body) ?? $"HTTP {(int)response.StatusCode}";
            throw (int)response.StatusCode switch
            {
                400 => new CliError(ExitCodes.Usage, action, error),
                401 => new CliError(ExitCodes.LocalError, action, error, "pass --token or set EHI_ADMIN_TOKEN"),
                _ => new CliError(ExitCodes.CheckFailed, action, error),
            };
        }
    }

    public void Dispose() => _http.Dispose();

    private static string? TryError(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, AdminJsonContext.Default.ErrorDocument)?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

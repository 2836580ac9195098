using System.Globalization;
using Ehi.Simulate.Admin;
using Ehi.Simulate.Messages;
using Ehi.Simulate.Wire;

namespace Ehi.Simulate.Scenarios;

/// <summary>What a scenario works with: the message factory, the endpoint, the optional admin API,
/// and assertions that record failures (with the step) instead of stopping at the first.</summary>
public sealed class ScenarioContext(EhiTarget target, MessageFactory messages, AdminApi? admin, int mode, bool soap) : IAsyncDisposable
{
    private readonly List<string> _failures = [];
    private EhiConnection? _connection;

    /// <summary>The message factory.</summary>
    public MessageFactory Messages => messages;

    /// <summary>The EHI mode of the target.</summary>
    public int Mode => mode;

    /// <summary>True when balances can be set and read.</summary>
    public bool HasAdmin => admin is not null;

    /// <summary>True when messages are sent as SOAP 1.1 instead of JSON.</summary>
    public bool Soap { get; set; } = soap;

    /// <summary>Messages sent so far.</summary>
    public int Sent { get; private set; }

    /// <summary>The recorded failures.</summary>
    public IReadOnlyList<string> Failures => _failures;

    /// <summary>True when the host decides (modes 1, 2, 4) and so answers with a Responsestatus.</summary>
    public bool HostDecides => mode != 3;

    /// <summary>True when balances follow the host's ledger (admin API present, not mode 3).</summary>
    public bool TracksBalances => admin is not null && mode != 3;

    /// <summary>A card: created with a balance through the admin API when there is one.</summary>
    public async Task<SimCard> CardAsync(decimal balance, CancellationToken cancellationToken)
    {
        var card = messages.NewCard();
        if (admin is not null)
        {
            await admin.CreateCardAsync(card.Token, card.Currency, balance, cancellationToken).ConfigureAwait(false);
        }

        return card;
    }

    /// <summary>Sends one message (reconnecting when the server closed the connection) and returns the answer.</summary>
    public async Task<EhiReply> SendAsync(SimMessage message, CancellationToken cancellationToken)
    {
        if (_connection is null || _connection.Closed)
        {
            if (_connection is not null)
            {
                await _connection.DisposeAsync().ConfigureAwait(false);
            }

            _connection = await target.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }

        Sent++;
        return Soap
            ? await _connection.PostAsync(message.ToSoap(), "text/xml; charset=utf-8", message.IsCutOff ? "http://tempuri.org/Cut_Off" : "http://tempuri.org/GetTransaction", cancellationToken).ConfigureAwait(false)
            : await _connection.PostAsync(message.ToJson(), "application/json", null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends raw bytes (malformed-body scenarios).</summary>
    public async Task<EhiReply> SendRawAsync(byte[] body, string contentType, CancellationToken cancellationToken)
    {
        _connection ??= await target.ConnectAsync(cancellationToken).ConfigureAwait(false);
        Sent++;
        return await _connection.PostAsync(body, contentType, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An authorisation-type request: the expected decision in modes 1, 2, 4 (any valid code without an admin API), an acknowledgement in mode 3.</summary>
    public async Task<EhiReply> ExpectDecisionAsync(string step, SimMessage message, string expected, CancellationToken cancellationToken)
    {
        var reply = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = Ok(step, reply);
        if (response is null)
        {
            return reply;
        }

        Check(step, response.Acknowledgement == "1", $"Acknowledgement is \"{response.Acknowledgement}\", expected \"1\"");
        if (!HostDecides)
        {
            Check(step, response.ResponseStatus is null, $"mode 3 answers carry no decision, got Responsestatus {response.ResponseStatus}");
        }
        else if (HasAdmin)
        {
            Check(step, response.ResponseStatus == expected, $"Responsestatus is {response.ResponseStatus ?? "missing"}, expected {expected}");
        }
        else
        {
            Check(step, response.ResponseStatus is { Length: 2 }, $"Responsestatus is {response.ResponseStatus ?? "missing"}, expected a two-character code");
        }

        return reply;
    }

    /// <summary>A reversal: Responsestatus 00 and Acknowledgement 1, always (reversals cannot be declined).</summary>
    public async Task<EhiReply> ExpectReversalAsync(string step, SimMessage message, CancellationToken cancellationToken)
    {
        var reply = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (Ok(step, reply) is { } response)
        {
            Check(step, response.Acknowledgement == "1" && response.ResponseStatus == "00", $"answer {reply.Text}, expected Acknowledgement 1 with Responsestatus 00");
        }

        return reply;
    }

    /// <summary>An advice, financial or notification: Acknowledgement 1.</summary>
    public async Task<EhiReply> ExpectAcknowledgedAsync(string step, SimMessage message, CancellationToken cancellationToken)
    {
        var reply = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (Ok(step, reply) is { } response)
        {
            Check(step, response.Acknowledgement == "1", $"answer {reply.Text}, expected Acknowledgement 1");
        }

        return reply;
    }

    /// <summary>The card's balances (only when the ledger is observable).</summary>
    public async Task ExpectBalancesAsync(string step, SimCard card, decimal actual, decimal available, CancellationToken cancellationToken)
    {
        if (!TracksBalances)
        {
            return;
        }

        var document = await admin!.CardAsync(card.Token, cancellationToken).ConfigureAwait(false);
        Check(step, document.ActualBalance == actual && document.AvailableBalance == available,
            string.Create(CultureInfo.InvariantCulture, $"balances actual {document.ActualBalance}, available {document.AvailableBalance}; expected {actual}, {available}"));
    }

    /// <summary>Records a failure unless the condition holds.</summary>
    public void Check(string step, bool condition, string failure)
    {
        if (!condition)
        {
            _failures.Add($"{step}: {failure}");
        }
    }

    private Core.Messages.GetTransactionResponse? Ok(string step, EhiReply reply)
    {
        Check(step, reply.Status == 200, $"HTTP {reply.Status}: {reply.Text}");
        var response = reply.Response;
        Check(step, response is not null, $"the answer is not a GetTransaction response: {reply.Text}");
        Check(step, !reply.Text.Contains("null", StringComparison.Ordinal), $"the answer carries a null: {reply.Text}");
        return response;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}

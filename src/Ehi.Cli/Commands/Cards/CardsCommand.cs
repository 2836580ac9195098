using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ehi.Cli.Output;
using Ehi.Processing.Admin;
using Ehi.Processing.Ledger;

namespace Ehi.Cli.Commands.Cards;

/// <summary><c>ehi cards</c>: the built-in ledger's cards, through the admin API.</summary>
internal static class CardsCommand
{
    public static Command Create(Terminal terminal) => new("cards", CommonOptions.Help(
        "Manage the built-in ledger's cards through the admin API of ehi serve (--provider ledger).",
        "ehi cards create 107419774 --currency 826 --balance 100.00", "ehi cards show 107419774 --json", "ehi cards load 107419774 25.00"))
    {
        CreateCard(terminal),
        Move(terminal, "load", "Credit a card (a programme load)."),
        Move(terminal, "unload", "Debit a card (a programme unload); refused beyond the available balance."),
        Status(terminal),
        Rules(terminal),
        Show(terminal),
    };

    private static Command CreateCard(Terminal terminal)
    {
        var (admin, token) = (AdminClient.UrlOption(), AdminClient.TokenOption());
        var card = new Argument<long>("TOKEN") { Description = "Thredd's public card token." };
        var currency = new Option<string>("--currency") { Description = "ISO 4217 numeric currency, e.g. 826.", Required = true };
        var balance = new Option<decimal>("--balance") { Description = "Opening balance.", DefaultValueFactory = _ => 0m };
        var status = new Option<string>("--status") { Description = "Initial status.", DefaultValueFactory = _ => CardStatuses.Active };
        status.AcceptOnlyFromAmong([.. CardStatuses.All]);
        var command = new Command("create", CommonOptions.Help("Create a card.", "ehi cards create 107419774 --currency 826 --balance 100.00"))
        {
            card, currency, balance, status, admin, token,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var client = AdminClient.From(result, admin, token);
            string json = JsonSerializer.Serialize(new CreateCardRequest(result.GetValue(card), result.GetValue(currency)!, result.GetValue(balance), result.GetValue(status)!), AdminJsonContext.Default.CreateCardRequest);
            await client.SendAsync(HttpMethod.Post, "cards", json, "create the card", cancellationToken).ConfigureAwait(false);
            terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Created card {result.GetValue(card)} ({result.GetValue(currency)}) with balance {result.GetValue(balance):0.00}."));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Move(Terminal terminal, string verb, string description)
    {
        var (admin, token) = (AdminClient.UrlOption(), AdminClient.TokenOption());
        var card = new Argument<long>("TOKEN") { Description = "The card token." };
        var amount = new Argument<decimal>("AMOUNT") { Description = "A positive amount in the card's currency." };
        var command = new Command(verb, CommonOptions.Help(description, $"ehi cards {verb} 107419774 25.00"))
        {
            card, amount, admin, token,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var client = AdminClient.From(result, admin, token);
            string json = JsonSerializer.Serialize(new AmountRequest(result.GetValue(amount)), AdminJsonContext.Default.AmountRequest);
            await client.SendAsync(HttpMethod.Post, $"cards/{result.GetValue(card)}/{verb}", json, $"{verb} the card", cancellationToken).ConfigureAwait(false);
            terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(verb == "load" ? "Loaded" : "Unloaded")} {result.GetValue(amount):0.00} {(verb == "load" ? "onto" : "from")} card {result.GetValue(card)}."));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Status(Terminal terminal)
    {
        var (admin, token) = (AdminClient.UrlOption(), AdminClient.TokenOption());
        var card = new Argument<long>("TOKEN") { Description = "The card token." };
        var status = new Argument<string>("STATUS") { Description = string.Join(", ", CardStatuses.All) };
        status.AcceptOnlyFromAmong([.. CardStatuses.All]);
        var command = new Command("status", CommonOptions.Help("Set a card's status (lost, stolen and closed decline with MerchantAdvice 03).", "ehi cards status 107419774 lost"))
        {
            card, status, admin, token,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var client = AdminClient.From(result, admin, token);
            string json = JsonSerializer.Serialize(new StatusRequest(result.GetValue(status)!), AdminJsonContext.Default.StatusRequest);
            await client.SendAsync(HttpMethod.Put, $"cards/{result.GetValue(card)}/status", json, "set the status", cancellationToken).ConfigureAwait(false);
            terminal.Out.WriteLine($"Card {result.GetValue(card)} is now {result.GetValue(status)}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Rules(Terminal terminal)
    {
        var (admin, token) = (AdminClient.UrlOption(), AdminClient.TokenOption());
        var card = new Argument<long>("TOKEN") { Description = "The card token." };
        var noAtm = new Option<bool>("--no-atm") { Description = "Decline ATM cash." };
        var noEcommerce = new Option<bool>("--no-ecommerce") { Description = "Decline card-not-present." };
        var noContactless = new Option<bool>("--no-contactless") { Description = "Decline contactless." };
        var noCash = new Option<bool>("--no-cash-advance") { Description = "Decline cash advance and quasi-cash." };
        var mcc = new Option<string[]>("--block-mcc") { Description = "An MCC to decline (repeatable).", AllowMultipleArgumentsPerToken = true };
        var single = new Option<decimal?>("--single-limit") { Description = "Largest single purchase (61 above)." };
        var daily = new Option<decimal?>("--daily-limit") { Description = "Largest total per UTC day (61 above)." };
        var monthly = new Option<decimal?>("--monthly-limit") { Description = "Largest total per UTC month (61 above)." };
        var count = new Option<int?>("--daily-count") { Description = "Most purchases per UTC day (65 above)." };
        var command = new Command("rules", CommonOptions.Help("Replace a card's authorisation rules (options not given are unrestricted).", "ehi cards rules 107419774 --no-atm --block-mcc 7995 --daily-limit 500"))
        {
            card, noAtm, noEcommerce, noContactless, noCash, mcc, single, daily, monthly, count, admin, token,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var client = AdminClient.From(result, admin, token);
            var rules = new CardRules
            {
                Atm = !result.GetValue(noAtm),
                Ecommerce = !result.GetValue(noEcommerce),
                Contactless = !result.GetValue(noContactless),
                CashAdvance = !result.GetValue(noCash),
                BlockedMccs = result.GetValue(mcc) ?? [],
                SingleLimit = result.GetValue(single),
                DailyLimit = result.GetValue(daily),
                MonthlyLimit = result.GetValue(monthly),
                DailyCount = result.GetValue(count),
            };
            await client.SendAsync(HttpMethod.Put, $"cards/{result.GetValue(card)}/rules", JsonSerializer.Serialize(rules, AdminJsonContext.Default.CardRules), "set the rules", cancellationToken).ConfigureAwait(false);
            terminal.Out.WriteLine($"Rules of card {result.GetValue(card)} replaced.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(Terminal terminal)
    {
        var (admin, token) = (AdminClient.UrlOption(), AdminClient.TokenOption());
        var card = new Argument<long>("TOKEN") { Description = "The card token." };
        var json = CommonOptions.Json();
        var command = new Command("show", CommonOptions.Help("Show a card: balances, status, open holds, postings.", "ehi cards show 107419774", "ehi cards show 107419774 --json"))
        {
            card, json, admin, token,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var client = AdminClient.From(result, admin, token);
            string body = await client.SendAsync(HttpMethod.Get, $"cards/{result.GetValue(card)}", null, "show the card", cancellationToken).ConfigureAwait(false);
            if (result.GetValue(json))
            {
                terminal.Out.WriteLine(body);
                return ExitCodes.Ok;
            }

            var c = JsonSerializer.Deserialize(body, AdminJsonContext.Default.CardDocument)!;
            var o = terminal.Out;
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Card {c.Token} ({c.Currency}), {c.Status}: actual {c.ActualBalance:0.00}, available {c.AvailableBalance:0.00}, blocked {c.BlockedAmount:0.00}"));
            foreach (var h in c.Holds)
            {
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  hold {h.Amount:0.00} for TXn_ID {h.TxnId}, lifecycle {h.Lifecycle}"));
            }

            o.WriteLine($"  {c.Postings.Count} posting leg(s)");
            return ExitCodes.Ok;
        });
        return command;
    }
}

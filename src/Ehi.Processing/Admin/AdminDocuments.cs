using System.Text.Json.Serialization;
using Ehi.Processing.Ledger;

namespace Ehi.Processing.Admin;

/// <summary>POST /cards.</summary>
public sealed record CreateCardRequest(long Token, string Currency, decimal Balance = 0m, string Status = CardStatuses.Active);

/// <summary>POST /cards/bulk.</summary>
public sealed record CreateCardsRequest(long FirstToken, int Count, string Currency, decimal Balance);

/// <summary>POST /cards/{token}/load and /unload.</summary>
public sealed record AmountRequest(decimal Amount);

/// <summary>PUT /cards/{token}/status.</summary>
public sealed record StatusRequest(string Status);

/// <summary>GET /cards/{token}.</summary>
public sealed record CardDocument(long Token, string Currency, string Status, decimal ActualBalance, decimal AvailableBalance, decimal BlockedAmount, CardRules Rules, IReadOnlyList<HoldDocument> Holds, IReadOnlyList<PostingRecord> Postings);

/// <summary>An open hold in <see cref="CardDocument"/>.</summary>
public sealed record HoldDocument(long TxnId, string? Lifecycle, string? TransLink, string? AuthCode, decimal Authorised, decimal Amount);

/// <summary>GET /ledger/verify.</summary>
public sealed record VerifyDocument(bool Ok, IReadOnlyList<string> Violations);

/// <summary>Any admin error.</summary>
public sealed record ErrorDocument(string Error);

/// <summary>POST /cards/bulk answer.</summary>
public sealed record CreatedDocument(int Created);

/// <summary>Source-generated JSON of the admin API.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = true)]
[JsonSerializable(typeof(CreateCardRequest))]
[JsonSerializable(typeof(CreateCardsRequest))]
[JsonSerializable(typeof(AmountRequest))]
[JsonSerializable(typeof(StatusRequest))]
[JsonSerializable(typeof(CardRules))]
[JsonSerializable(typeof(CardDocument))]
[JsonSerializable(typeof(VerifyDocument))]
[JsonSerializable(typeof(ErrorDocument))]
[JsonSerializable(typeof(CreatedDocument))]
public sealed partial class AdminJsonContext : JsonSerializerContext;

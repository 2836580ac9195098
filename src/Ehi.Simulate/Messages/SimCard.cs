namespace Ehi.Simulate.Messages;

/// <summary>A card the simulator uses.</summary>
/// <param name="Token">Thredd's 9-digit public token.</param>
/// <param name="Currency">The billing currency (ISO 4217 numeric).</param>
public sealed record SimCard(long Token, string Currency);

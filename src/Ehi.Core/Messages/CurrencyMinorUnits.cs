namespace Ehi.Core.Messages;

/// <summary>ISO 4217 minor units: how many decimals an amount in a currency may carry. Thredd sends
/// numeric codes ("826"); alphabetic ones are understood too. Currencies not listed have 2.</summary>
public static class CurrencyMinorUnits
{
    /// <summary>The decimals allowed when the currency is absent or not an ISO 4217 code: the most any
    /// circulating currency has, so an unknown code never refuses a real amount.</summary>
    public const int Unknown = 3;

    private static readonly Dictionary<string, int> Exceptions = new(StringComparer.OrdinalIgnoreCase)
    {
        // No minor unit.
        ["108"] = 0,
        ["BIF"] = 0,
        ["152"] = 0,
        ["CLP"] = 0,
        ["174"] = 0,
        ["KMF"] = 0,
        ["262"] = 0,
        ["DJF"] = 0,
        ["324"] = 0,
        ["GNF"] = 0,
        ["352"] = 0,
        ["ISK"] = 0,
        ["392"] = 0,
        ["JPY"] = 0,
        ["410"] = 0,
        ["KRW"] = 0,
        ["548"] = 0,
        ["VUV"] = 0,
        ["600"] = 0,
        ["PYG"] = 0,
        ["646"] = 0,
        ["RWF"] = 0,
        ["800"] = 0,
        ["UGX"] = 0,
        ["704"] = 0,
        ["VND"] = 0,
        ["940"] = 0,
        ["UYI"] = 0,
        ["950"] = 0,
        ["XAF"] = 0,
        ["952"] = 0,
        ["XOF"] = 0,
        ["953"] = 0,
        ["XPF"] = 0,

        // Three decimals.
        ["048"] = 3,
        ["BHD"] = 3,
        ["368"] = 3,
        ["IQD"] = 3,
        ["400"] = 3,
        ["JOD"] = 3,
        ["414"] = 3,
        ["KWD"] = 3,
        ["434"] = 3,
        ["LYD"] = 3,
        ["512"] = 3,
        ["OMR"] = 3,
        ["788"] = 3,
        ["TND"] = 3,

        // Four decimals (units of account).
        ["990"] = 4,
        ["CLF"] = 4,
        ["927"] = 4,
        ["UYW"] = 4,
    };

    /// <summary>The minor units of <paramref name="currency"/> (numeric or alphabetic ISO 4217 code).</summary>
    public static int Of(string? currency)
    {
        string code = currency?.Trim() ?? string.Empty;
        if (Exceptions.TryGetValue(code, out int units))
        {
            return units;
        }

        bool numeric = code.Length == 3 && code.All(char.IsAsciiDigit);
        bool alphabetic = code.Length == 3 && code.All(char.IsAsciiLetter);
        return numeric || alphabetic ? 2 : Unknown;
    }
}

namespace Ehi.Pki.Dev;

/// <summary>One certificate of the dev PKI, for the report after `ehi pki dev`.</summary>
/// <param name="Role">What the certificate stands for.</param>
/// <param name="Path">Its file.</param>
/// <param name="Subject">Its subject.</param>
/// <param name="NotAfter">When it expires.</param>
public sealed record DevPkiEntry(string Role, string Path, string Subject, DateTimeOffset NotAfter);

namespace Ehi.Pki.Dev;

/// <summary>What `ehi pki dev` did.</summary>
/// <param name="Layout">Where the files are.</param>
/// <param name="Created">True when new files were written; false when existing ones were reused.</param>
/// <param name="CrlRefreshed">True when a stale-soon CRL was re-issued.</param>
/// <param name="Certificates">The certificates, for the report.</param>
public sealed record DevPkiResult(DevPkiLayout Layout, bool Created, bool CrlRefreshed, IReadOnlyList<DevPkiEntry> Certificates);

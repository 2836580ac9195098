using Ehi.Pki.Dev;

namespace Ehi.Cli.Commands.Pki;

/// <summary>The `ehi pki dev --json` document.</summary>
internal sealed record DevPkiReport(int SchemaVersion, string Directory, bool Created, IReadOnlyList<DevPkiEntry> Certificates);

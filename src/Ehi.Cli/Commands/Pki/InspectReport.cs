using Ehi.Pki.Inspection;

namespace Ehi.Cli.Commands.Pki;

/// <summary>The `ehi pki inspect --json` document.</summary>
internal sealed record InspectReport(int SchemaVersion, string File, IReadOnlyList<CertificateFacts> Certificates, bool InOrder, bool EndsWithRoot, string Chain);

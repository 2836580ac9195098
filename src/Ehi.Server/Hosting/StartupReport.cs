namespace Ehi.Server.Hosting;

/// <summary>What the server is serving, printed at start so an operator sees at once what is live.</summary>
/// <param name="Listen">The configured listen address.</param>
/// <param name="Path">The EHI path.</param>
/// <param name="ServerSubject">The server certificate's subject.</param>
/// <param name="ServerNotAfter">Its expiry.</param>
/// <param name="ServerChainLength">Certificates sent in the handshake (leaf + intermediates).</param>
/// <param name="TrustedCas">Each trusted CA: subject and expiry.</param>
/// <param name="Crls">Each CRL: source, issuer, next update, whether stale.</param>
/// <param name="Controls">Which optional controls are on, one phrase each.</param>
/// <param name="Warnings">Warnings found while loading.</param>
public sealed record StartupReport(
    string Listen,
    string Path,
    string ServerSubject,
    DateTimeOffset ServerNotAfter,
    int ServerChainLength,
    IReadOnlyList<(string Subject, DateTimeOffset NotAfter)> TrustedCas,
    IReadOnlyList<string> Crls,
    IReadOnlyList<string> Controls,
    IReadOnlyList<string> Warnings);

using System.Security.Cryptography.X509Certificates;

namespace Ehi.Check;

/// <summary>What to check and how.</summary>
public sealed record CheckOptions
{
    /// <summary>The EHI URL.</summary>
    public required Uri Url { get; init; }

    /// <summary>The transport certificate (with key) for the "with certificate" probe.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Certificates sent after it.</summary>
    public X509Certificate2[] ClientChain { get; init; } = [];

    /// <summary>Roots that must verify the server chain; null uses the system store.</summary>
    public X509Certificate2Collection? Roots { get; init; }

    /// <summary>The processor CAs the server must list (and whose names the look-alike CA copies).</summary>
    public IReadOnlyList<X509Certificate2> ExpectedCas { get; init; } = [];

    /// <summary>SNI name (default: the URL's host).</summary>
    public string? ServerName { get; init; }

    /// <summary>Also POST a real EHI authorisation and validate the answer's shape (--ehi).</summary>
    public bool EhiMessage { get; init; }

    /// <summary>Per connection.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Per check: past it the check is abandoned and reported as ERROR.</summary>
    public TimeSpan CheckTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The transport certificate's PEM file (for probes run with openssl s_client).</summary>
    public string? ClientCertificateFile { get; init; }

    /// <summary>Its key's PEM file.</summary>
    public string? ClientKeyFile { get; init; }
}

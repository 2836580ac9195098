namespace Ehi.Server.Http;

/// <summary>Why the admin API refused a request. The names are stable and appear in logs (and may be
/// counted); each maps to one HTTP status.</summary>
public enum AdminRefusal
{
    /// <summary>The Host header is not the listener's own address (a DNS-rebinding page, or a foreign name): 403.</summary>
    ForeignHost,

    /// <summary>The request carries an Origin header that Ehi:Admin:AllowedOrigins does not list (a web page's request): 403.</summary>
    ForeignOrigin,

    /// <summary>A request with a body whose Content-Type is not application/json (a browser's "simple" cross-site POST): 415.</summary>
    NotJson,

    /// <summary>The bearer token is missing or wrong: 401.</summary>
    BadToken,
}

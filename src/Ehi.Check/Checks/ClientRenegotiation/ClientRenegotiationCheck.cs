using Ehi.Check.Engine;
using Ehi.Check.Findings;

namespace Ehi.Check.Checks.ClientRenegotiation;

/// <summary>Client-initiated renegotiation (TLS 1.2): a server that lets a client renegotiate at
/// will can be made to do an expensive handshake per request by a single connection (a denial of
/// service SSL Labs and testssl.sh flag). Probed with <c>openssl s_client</c>, the guide's own tool,
/// whose <c>R</c> command renegotiates an open session; TLS 1.3 has no renegotiation.</summary>
public sealed class ClientRenegotiationCheck : ICheck
{
    private const string FindingId = "tls.client-renegotiation";

    /// <inheritdoc />
    public string Id => FindingId;

    /// <inheritdoc />
    public string Description => "Whether the server accepts a renegotiation started by the client (TLS 1.2).";

    /// <inheritdoc />
    public async Task<IReadOnlyList<Finding>> RunAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var outcome = await RenegotiationProbe.RunAsync(context, cancellationToken).ConfigureAwait(false);
        var finding = outcome.Accepted switch
        {
            true => new Finding(FindingId, FindingStatus.Warn, "The server accepts client-initiated renegotiation: one connection can make it repeat expensive handshakes.", outcome.Evidence, "Refuse client-initiated renegotiation (nginx and ehi do; OpenSSL 3 refuses unless SSL_OP_ALLOW_CLIENT_RENEGOTIATION is set), or offer TLS 1.3 only."),
            false => new Finding(FindingId, FindingStatus.Pass, "The server refuses client-initiated renegotiation.", outcome.Evidence, null),
            null => new Finding(FindingId, FindingStatus.Info, "Client-initiated renegotiation was not probed: no TLS 1.2 session could be opened" + (context.Options.ClientCertificateFile is null ? " (a server that requires a client certificate needs --client-cert)." : "."), outcome.Evidence, null),
        };
        return [finding with { Facts = new ClientRenegotiationFact(outcome.Accepted) }];
    }
}

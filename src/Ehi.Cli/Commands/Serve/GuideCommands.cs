using Ehi.Pki.Dev;

namespace Ehi.Cli.Commands.Serve;

/// <summary>The guide's 4.1.4 test commands, with the real paths filled in, ready to paste.</summary>
internal static class GuideCommands
{
    public static IEnumerable<string> For(Uri endpoint, DevPkiLayout? dev)
    {
        string host = endpoint.Host.Contains(':', StringComparison.Ordinal) ? $"[{endpoint.Host}]" : endpoint.Host;
        string caFile = dev is null ? string.Empty : $" -CAfile {Path.GetFullPath(dev.HostRootCert)}";
        string cacert = dev is null ? string.Empty : $" --cacert {Path.GetFullPath(dev.HostRootCert)}";
        string cert = dev is null ? "./exampleClientCert.pem" : Path.GetFullPath(dev.ClientCert);
        string key = dev is null ? "./exampleClientCert.key" : Path.GetFullPath(dev.ClientKey);
        yield return $"openssl s_client -connect {host}:{endpoint.Port}{caFile} -servername {endpoint.Host} </dev/null";
        yield return $"curl -v{cacert} {endpoint}";
        yield return $"curl{cacert} --cert {cert} --key {key} -X POST -H \"Content-Type: application/json\" -d '{{\"foo\": \"bar\"}}' -v {endpoint}";
    }
}

namespace Ehi.Server.Http;

/// <summary>The refusal pages, word for word as nginx serves them with <c>ssl_verify_client on</c>,
/// so the guide's curl test (4.1.4) reads the same against ehi as against nginx.</summary>
internal static class RefusalPages
{
    public const string NoCertificate =
        "<html>\r\n<head><title>400 No required SSL certificate was sent</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>No required SSL certificate was sent</center>\r\n<hr><center>ehi</center>\r\n</body>\r\n</html>\r\n";

    public const string CertificateError =
        "<html>\r\n<head><title>400 The SSL certificate error</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>The SSL certificate error</center>\r\n<hr><center>ehi</center>\r\n</body>\r\n</html>\r\n";

    public const string Forbidden =
        "<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1></center>\r\n<hr><center>ehi</center>\r\n</body>\r\n</html>\r\n";
}

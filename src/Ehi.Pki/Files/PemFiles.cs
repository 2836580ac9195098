using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Ehi.Pki.Files;

/// <summary>Reads certificates from PEM files and writes PEM files with the modes ehi promises
/// (keys 0600, certificates 0644).</summary>
public static class PemFiles
{
    /// <summary>Loads every certificate in a PEM file or bundle, in file order.</summary>
    /// <exception cref="PkiException">The file is missing, unreadable or holds no certificate.</exception>
    public static X509Certificate2[] LoadCertificates(string path)
    {
        string text = ReadText(path, "certificate");
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(text);
        }
        catch (CryptographicException ex)
        {
            throw new PkiException($"{path} holds a certificate that cannot be parsed ({ex.Message}).");
        }

        if (collection.Count == 0)
        {
            throw new PkiException($"{path} holds no PEM certificate (expected '-----BEGIN CERTIFICATE-----').");
        }

        return [.. collection];
    }

    /// <summary>Loads a PEM private key (PKCS#8, SEC1 or PKCS#1; ECDSA or RSA).</summary>
    public static AsymmetricAlgorithm LoadPrivateKey(string path)
    {
        string text = ReadText(path, "private key");
        if (text.Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal))
        {
            throw new PkiException($"{path} is an encrypted private key; ehi needs it unencrypted (protect it with file mode 0600 instead).");
        }

        try
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(text);
            return ec;
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            // Not an EC key: try RSA next.
        }

        try
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(text);
            return rsa;
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            // Neither: reported below.
        }

        throw new PkiException($"{path} holds no ECDSA or RSA private key in PEM form.");
    }

    /// <summary>Reads a file as text, turning I/O failures into one plain sentence.</summary>
    public static string ReadText(string path, string what)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (FileNotFoundException)
        {
            throw new PkiException($"The {what} file {path} does not exist.");
        }
        catch (DirectoryNotFoundException)
        {
            throw new PkiException($"The {what} file {path} does not exist.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PkiException($"The {what} file {path} cannot be read: {ex.Message}");
        }
    }

    /// <summary>PEM text for one or more certificates.</summary>
    public static string ToPem(IEnumerable<X509Certificate2> certificates)
    {
        var sb = new StringBuilder();
        foreach (var certificate in certificates)
        {
            sb.Append(certificate.ExportCertificatePem()).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>PEM text (PKCS#8) for a private key.</summary>
    public static string ToPem(AsymmetricAlgorithm key) => key.ExportPkcs8PrivateKeyPem() + "\n";

    /// <summary>Writes a private key file readable by the owner only (0600), never wider even for a moment.</summary>
    public static void WritePrivate(string path, string text) => Write(path, text, UnixFileMode.UserRead | UnixFileMode.UserWrite);

    /// <summary>Writes a public file (0644).</summary>
    public static void WritePublic(string path, string text) =>
        Write(path, text, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

    private static void Write(string path, string text, UnixFileMode mode)
    {
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        // Write to a temporary file created with the final mode, then rename: a reader never sees a
        // half-written file, and a key never exists with a wider mode.
        string temp = path + ".tmp-" + Environment.ProcessId;
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        using (var stream = new FileStream(temp, options))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
        {
            writer.Write(text);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, mode);
        }

        File.Move(temp, path, overwrite: true);
    }
}

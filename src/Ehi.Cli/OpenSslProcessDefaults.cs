using System.Runtime.InteropServices;

namespace Ehi.Cli;

/// <summary>Points OpenSSL at the shipped <c>openssl-ehi.cnf</c> before anything in the process
/// touches TLS, so every way of starting ehi (the ./ehi wrapper, the installed .NET tool, the
/// container, the systemd unit) gets the same strict process defaults: the suites ehi allows,
/// one cached SSL context per certificate and session resumption.</summary>
/// <remarks>OpenSSL reads <c>OPENSSL_CONF</c> from the C environment once, when .NET first loads
/// libssl. <see cref="Environment.SetEnvironmentVariable(string, string)"/> changes only .NET's
/// copy of the environment on Unix, so the variable is set with libc's <c>setenv</c>; this runs
/// first in <c>Main</c>, before any certificate or TLS type is used and before other threads
/// could read the environment. An <c>OPENSSL_CONF</c> the operator set is left alone.</remarks>
internal static partial class OpenSslProcessDefaults
{
    /// <summary>The file name shipped beside ehi.dll.</summary>
    public const string FileName = "openssl-ehi.cnf";

    /// <summary>Sets <c>OPENSSL_CONF</c> to the shipped file unless it is already set; returns the path in force (or null).</summary>
    public static string? Apply()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsFreeBSD())
        {
            return null;
        }

        if (Environment.GetEnvironmentVariable("OPENSSL_CONF") is { Length: > 0 } set)
        {
            return set;
        }

        string shipped = Path.Combine(AppContext.BaseDirectory, FileName);
        if (!File.Exists(shipped))
        {
            return null;
        }

        if (SetEnv("OPENSSL_CONF", shipped, 1) != 0)
        {
            return null;
        }

        // Child processes started through .NET see it too.
        Environment.SetEnvironmentVariable("OPENSSL_CONF", shipped);
        return shipped;
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}

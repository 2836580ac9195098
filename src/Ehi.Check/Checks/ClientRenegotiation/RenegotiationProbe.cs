using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Ehi.Check.Engine;

namespace Ehi.Check.Checks.ClientRenegotiation;

/// <summary>Runs <c>openssl s_client -tls1_2</c>, sends its <c>R</c> command once the session is
/// open, and reads what follows: a second handshake (the server certificate verified again) means
/// accepted; an error or alert after RENEGOTIATING means refused; no session means undecidable.</summary>
internal static class RenegotiationProbe
{
    public sealed record Outcome(bool? Accepted, string Evidence);

    public static async Task<Outcome> RunAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in Arguments(context))
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"openssl could not be started ({ex.Message}); install OpenSSL to probe renegotiation", ex);
        }

        using (process)
        {
            var output = new StringBuilder();
            void Collect(object? _, DataReceivedEventArgs e)
            {
                if (e.Data is not null)
                {
                    lock (output)
                    {
                        output.AppendLine(e.Data);
                    }
                }
            }

            process.OutputDataReceived += Collect;
            process.ErrorDataReceived += Collect;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                // s_client reads commands once the handshake is done; R renegotiates.
                await process.StandardInput.WriteLineAsync("R".AsMemory(), cancellationToken).ConfigureAwait(false);
                await process.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
                var deadline = context.Time.GetTimestamp();
                Outcome? outcome = null;
                while (outcome is null && context.Time.GetElapsedTime(deadline) < context.Options.Timeout)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50), context.Time, cancellationToken).ConfigureAwait(false);
                    string text;
                    lock (output)
                    {
                        text = output.ToString();
                    }

                    outcome = Judge(text, process.HasExited);
                }

                return outcome ?? Judge(Snapshot(output), exited: true) ?? new Outcome(null, "no answer to the renegotiation within " + context.Options.Timeout.TotalSeconds + " s");
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    // The decision from s_client's output so far; null while it is still undecided.
    internal static Outcome? Judge(string output, bool exited)
    {
        int renegotiating = output.IndexOf("RENEGOTIATING", StringComparison.Ordinal);
        if (renegotiating < 0)
        {
            return exited ? new Outcome(null, "no TLS 1.2 session: " + LastError(output)) : null;
        }

        string after = output[(renegotiating + "RENEGOTIATING".Length)..];
        if (after.Contains("unexpected eof", StringComparison.OrdinalIgnoreCase))
        {
            // As sslyze counts it: closing the connection rather than renegotiating is a refusal.
            return new Outcome(false, "RENEGOTIATING, then the server closed the connection: " + LastError(after));
        }

        if (after.Contains(":error:", StringComparison.Ordinal) || after.Contains("alert", StringComparison.OrdinalIgnoreCase))
        {
            return new Outcome(false, "RENEGOTIATING, then " + LastError(after));
        }

        if (after.Contains("verify return:", StringComparison.Ordinal) || after.Contains("depth=", StringComparison.Ordinal))
        {
            return new Outcome(true, "RENEGOTIATING, then a second handshake (the server certificate verified again)");
        }

        return exited ? new Outcome(false, "RENEGOTIATING, then the server closed the connection") : null;
    }

    private static IEnumerable<string> Arguments(CheckContext context)
    {
        yield return "s_client";
        yield return "-connect";
        yield return context.Host.Contains(':', StringComparison.Ordinal) ? $"[{context.Host}]:{context.Port}" : $"{context.Host}:{context.Port}";
        yield return "-servername";
        yield return context.ServerName;
        yield return "-tls1_2";
        if (context.Options is { ClientCertificateFile: { } cert, ClientKeyFile: { } key })
        {
            yield return "-cert";
            yield return cert;
            yield return "-key";
            yield return key;
            if (context.Options.ClientChain.Length > 0)
            {
                yield return "-cert_chain";
                yield return cert;
            }
        }
    }

    private static string LastError(string output) =>
        output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Contains(":error:", StringComparison.Ordinal) || l.Contains("alert", StringComparison.OrdinalIgnoreCase))
        ?? "connection closed";

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}

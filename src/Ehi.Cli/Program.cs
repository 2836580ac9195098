using Ehi.Cli;
using Ehi.Cli.Output;

// Before anything loads OpenSSL: the same cipher policy and handshake cost however ehi is started.
OpenSslProcessDefaults.Apply();
return await CliApplication.RunAsync(args, Terminal.System).ConfigureAwait(false);

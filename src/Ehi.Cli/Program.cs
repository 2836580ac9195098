using Ehi.Cli;
using Ehi.Cli.Output;

return await CliApplication.RunAsync(args, Terminal.System).ConfigureAwait(false);

using System.CommandLine;
using Senkyo.Cli;

var root = new RootCommand("Senkyo (選挙) — election administration for a Japanese city.");
root.Subcommands.Add(SynthCommands.Create());
root.Subcommands.Add(ResultsCommands.Create());
return await CliHost.RunAsync(root, args, Console.Out, Console.Error);

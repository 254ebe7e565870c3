using System.CommandLine;
using Senkyo.Cli;

var root = new RootCommand("Senkyo (選挙) — election administration for a Japanese city.");
root.Subcommands.Add(SynthCommands.Create());
return await CliHost.RunAsync(root, args, Console.Out, Console.Error);

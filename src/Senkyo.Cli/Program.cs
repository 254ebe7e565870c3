using System.CommandLine;
using Senkyo.Cli;

var root = new RootCommand("Senkyo (選挙) — election administration for a Japanese city.");
root.Subcommands.Add(SynthCommands.Create());
root.Subcommands.Add(StoreCommands.CreateInit());
root.Subcommands.Add(StoreCommands.CreateKeys());
root.Subcommands.Add(AuditCommands.Create());
return await CliHost.RunAsync(root, args, Console.Out, Console.Error);

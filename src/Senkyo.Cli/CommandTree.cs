using System.CommandLine;

namespace Senkyo.Cli;

/// <summary>The whole <c>senkyo</c> command tree, in one place so tests can walk every command.</summary>
public static class CommandTree
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Senkyo (選挙) — election administration for a Japanese city.");
        root.Subcommands.Add(SynthCommands.Create());
        root.Subcommands.Add(StoreCommands.CreateInit());
        root.Subcommands.Add(StoreCommands.CreateKeys());
        root.Subcommands.Add(AuditCommands.Create());
        root.Subcommands.Add(ResultsCommands.Create());
        root.Subcommands.Add(ImportCommands.Create());
        root.Subcommands.Add(RegisterCommands.Create());
        root.Subcommands.Add(RegisterCommands.CreateVoter());
        root.Subcommands.Add(OverseasCommands.Create());
        return root;
    }
}

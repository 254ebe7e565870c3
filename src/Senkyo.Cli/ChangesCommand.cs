using System.CommandLine;

namespace Senkyo.Cli;

/// <summary><c>senkyo synth changes</c>: the change file (異動ファイル) matching a resident file.</summary>
public static class ChangesCommand
{
    public static Command Create()
    {
        var command = new Command("changes", "Write a synthetic change file (異動ファイル) consistent with a resident file.");
        return command;
    }
}

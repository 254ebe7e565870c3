using System.CommandLine;

namespace Senkyo.Cli.Tests;

public sealed class CliHostTests
{
    internal static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliHost.RunAsync(CommandTree.Create(), args, output, error, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Unknown_option_exits_with_code_2_and_names_it()
    {
        var (code, _, err) = await RunAsync("synth", "--no-such-option");
        Assert.Equal(CliHost.BadInput, code);
        Assert.Contains("--no-such-option", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_command_has_help_that_exits_0()
    {
        var commands = new List<string[]>();
        void Walk(Command command, string[] path)
        {
            commands.Add(path);
            foreach (var sub in command.Subcommands)
            {
                Walk(sub, [.. path, sub.Name]);
            }
        }

        Walk(CommandTree.Create(), []);
        Assert.True(commands.Count > 3);
        foreach (var path in commands)
        {
            var (code, output, _) = await RunAsync([.. path, "--help"]);
            Assert.True(code == CliHost.Success, $"senkyo {string.Join(' ', path)} --help exited {code}");
            Assert.Contains("Usage", output, StringComparison.Ordinal);
        }
    }
}

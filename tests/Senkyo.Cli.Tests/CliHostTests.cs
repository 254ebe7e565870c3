using System.CommandLine;

namespace Senkyo.Cli.Tests;

public sealed class CliHostTests
{
    [Fact]
    public async Task Unknown_option_exits_with_code_2()
    {
        var root = new RootCommand("t");
        root.Subcommands.Add(SynthCommands.Create());
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliHost.RunAsync(root, ["synth", "--no-such-option"], output, error, TestContext.Current.CancellationToken);
        Assert.Equal(CliHost.BadInput, code);
        Assert.Contains("--no-such-option", error.ToString(), StringComparison.Ordinal);
    }
}

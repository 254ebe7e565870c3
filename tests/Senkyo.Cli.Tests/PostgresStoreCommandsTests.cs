using System.CommandLine;
using Senkyo.Storage.Tests;

namespace Senkyo.Cli.Tests;

/// <summary><c>senkyo init --engine postgres</c> and the commands that open the store afterwards, on a real PostgreSQL.</summary>
public sealed class PostgresStoreCommandsTests(PostgresServer server) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("senkyo-cli-pg-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var root = new RootCommand("t");
        root.Subcommands.Add(StoreCommands.CreateInit());
        root.Subcommands.Add(AuditCommands.Create());
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliHost.RunAsync(root, args, output, error, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Init_on_postgres_then_checkpoint_and_verify_through_the_same_options()
    {
        var connection = await server.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        var data = Path.Combine(_root, "store");
        var keys = Path.Combine(_root, "master.key");

        var init = await RunAsync("init", "--engine", "postgres", "--connection", connection, "--data", data, "--keys", keys, "--synthetic");
        Assert.True(init.Code == CliHost.Success, init.Err);
        Assert.Contains("synthetic store", init.Out, StringComparison.Ordinal);

        var checkpoint = Path.Combine(_root, "checkpoint.txt");
        var made = await RunAsync("audit", "checkpoint", "--data", data, "--keys", keys, "--out", checkpoint);
        Assert.True(made.Code == CliHost.Success, made.Err);
        var verified = await RunAsync("audit", "verify", "--data", data, "--keys", keys, "--checkpoint", checkpoint);
        Assert.True(verified.Code == CliHost.Success, verified.Err);
        Assert.StartsWith("intact:", verified.Out, StringComparison.Ordinal);

        var again = await RunAsync("init", "--engine", "postgres", "--connection", connection, "--data", data, "--keys", keys);
        Assert.Equal(CliHost.BadInput, again.Code);
    }
}

using System.CommandLine;
using Microsoft.Data.Sqlite;

namespace Senkyo.Cli.Tests;

public sealed class StoreCommandsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("senkyo-cli-").FullName;

    private string Data => Path.Combine(_root, "store");

    private string Keys => Path.Combine(_root, "master.key");

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var root = new RootCommand("t");
        root.Subcommands.Add(StoreCommands.CreateInit());
        root.Subcommands.Add(StoreCommands.CreateKeys());
        root.Subcommands.Add(AuditCommands.Create());
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliHost.RunAsync(root, args, output, error, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Init_creates_a_store_and_a_0600_key_file_and_never_runs_twice()
    {
        var (code, stdout, _) = await RunAsync("init", "--data", Data, "--keys", Keys, "--synthetic");
        Assert.Equal(CliHost.Success, code);
        Assert.Contains("synthetic store", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Data, "store.json")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Keys));
        }

        var again = await RunAsync("init", "--data", Data, "--keys", Keys);
        Assert.Equal(CliHost.BadInput, again.Code);
        Assert.Contains("already", again.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_wrong_or_loose_keys_are_refused_with_exit_code_2()
    {
        Assert.Equal(CliHost.Success, (await RunAsync("init", "--data", Data, "--keys", Keys)).Code);
        var inside = await RunAsync("init", "--data", Path.Combine(_root, "other"), "--keys", Path.Combine(_root, "other", "k.key"));
        Assert.Equal(CliHost.BadInput, inside.Code);
        Assert.Contains("outside the store folder", inside.Err, StringComparison.Ordinal);

        var other = Path.Combine(_root, "other.key");
        Assert.Equal(CliHost.Success, (await RunAsync("init", "--data", Path.Combine(_root, "s2"), "--keys", other)).Code);
        var wrong = await RunAsync("audit", "verify", "--data", Data, "--keys", other);
        Assert.Equal(CliHost.BadInput, wrong.Code);
        Assert.Contains("Wrong master key", wrong.Err, StringComparison.Ordinal);

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Keys, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
            var loose = await RunAsync("audit", "verify", "--data", Data, "--keys", Keys);
            Assert.Equal(CliHost.BadInput, loose.Code);
            Assert.Contains("chmod 600", loose.Err, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Checkpoint_verify_and_prove_and_a_tampered_log_exits_3_naming_the_entry()
    {
        Assert.Equal(CliHost.Success, (await RunAsync("init", "--data", Data, "--keys", Keys, "--synthetic")).Code);
        var cp = Path.Combine(_root, "checkpoint-1.txt");
        var made = await RunAsync("audit", "checkpoint", "--data", Data, "--keys", Keys, "--out", cp);
        Assert.Equal(CliHost.Success, made.Code);
        Assert.StartsWith("senkyo-checkpoint/v1", await File.ReadAllTextAsync(cp, TestContext.Current.CancellationToken), StringComparison.Ordinal);

        var verified = await RunAsync("audit", "verify", "--data", Data, "--keys", Keys, "--checkpoint", cp);
        Assert.Equal(CliHost.Success, verified.Code);
        Assert.StartsWith("intact: 3 events", verified.Out, StringComparison.Ordinal);

        var proof = await RunAsync("audit", "prove", "--data", Data, "--keys", Keys, "--event", "1");
        Assert.Equal(CliHost.Success, proof.Code);
        Assert.Contains("verified: yes", proof.Out, StringComparison.Ordinal);
        Assert.Equal(CliHost.BadInput, (await RunAsync("audit", "prove", "--data", Data, "--keys", Keys, "--event", "99")).Code);

        using (var c = new SqliteConnection($"Data Source={Path.Combine(Data, "senkyo.db")};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE audit_event SET actor = 'someone' WHERE seq = 1";
            cmd.ExecuteNonQuery();
        }

        var tampered = await RunAsync("audit", "verify", "--data", Data, "--keys", Keys, "--checkpoint", cp);
        Assert.Equal(AuditCommands.NotIntact, tampered.Code);
        Assert.Contains("entry 1", tampered.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_rotate_rewraps_under_a_new_master_and_reencrypts_data()
    {
        Assert.Equal(CliHost.Success, (await RunAsync("init", "--data", Data, "--keys", Keys, "--synthetic")).Code);
        var next = Path.Combine(_root, "master-2.key");
        var rotated = await RunAsync("keys", "rotate", "--data", Data, "--keys", Keys, "--new-keys", next, "--data-keys");
        Assert.Equal(CliHost.Success, rotated.Code);
        Assert.Contains("re-wrapped", rotated.Out, StringComparison.Ordinal);
        Assert.Contains("data keys rotated", rotated.Out, StringComparison.Ordinal);
        Assert.Equal(CliHost.BadInput, (await RunAsync("audit", "verify", "--data", Data, "--keys", Keys)).Code);
        Assert.Equal(CliHost.Success, (await RunAsync("audit", "verify", "--data", Data, "--keys", next)).Code);
        Assert.Equal(CliHost.BadInput, (await RunAsync("keys", "rotate", "--data", Data, "--keys", next)).Code);
        Assert.Equal(CliHost.BadInput, (await RunAsync("audit", "verify", "--data", Path.Combine(_root, "nowhere"), "--keys", next)).Code);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }
}

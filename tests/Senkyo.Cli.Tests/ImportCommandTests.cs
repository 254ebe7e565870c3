using System.Globalization;

namespace Senkyo.Cli.Tests;

/// <summary><c>senkyo import</c>, <c>register</c> and <c>voter find</c> end to end on synthetic files: exit codes scripts can trust.</summary>
public sealed class ImportCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("senkyo-cli-import-").FullName;

    private string[] Store => ["--data", Path.Combine(_root, "store"), "--keys", Path.Combine(_root, "master.key")];

    private string City => Path.Combine(_root, "city");

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var root = CommandTree.Create();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliHost.RunAsync(root, args, output, error, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Import_register_find_and_extract_exit_0_and_bad_input_exits_2_changing_nothing()
    {
        var residents = Path.Combine(_root, "residents.csv");
        Assert.Equal(0, (await RunAsync("synth", "city", "--out", City)).Code);
        Assert.Equal(0, (await RunAsync("synth", "residents", "--city", City, "--seed", "42", "--count", "3000", "--as-of", "2026-11-28", "--out", residents)).Code);
        Assert.Equal(0, (await RunAsync(["init", .. Store, "--synthetic"])).Code);

        var lines = await File.ReadAllLinesAsync(residents, TestContext.Current.CancellationToken);
        var f = lines[9].Split(',');
        f[8] = "2001-13-01";
        lines[9] = string.Join(',', f);
        var bad = Path.Combine(_root, "bad.csv");
        await File.WriteAllTextAsync(bad, string.Join('\n', lines) + "\n", TestContext.Current.CancellationToken);
        var rejected = await RunAsync(["import", "residents", bad, "--city", City, .. Store]);
        Assert.Equal(CliHost.BadInput, rejected.Code);
        Assert.Contains("line 10, column birth_date", rejected.Err, StringComparison.Ordinal);
        Assert.Contains("nothing was applied", rejected.Err, StringComparison.Ordinal);

        var ok = await RunAsync(["import", "residents", residents, "--city", City, .. Store]);
        Assert.Equal(CliHost.Success, ok.Code);
        Assert.Contains("3000 residents imported", ok.Out, StringComparison.Ordinal);
        Assert.Equal(CliHost.BadInput, (await RunAsync(["import", "residents", residents, "--city", City, .. Store])).Code);

        var periodic = await RunAsync(["register", "periodic", "--date", "令和8年12月1日", "--city", City, .. Store]);
        Assert.Equal(CliHost.Success, periodic.Code);
        Assert.Contains("堺区", periodic.Out, StringComparison.Ordinal);
        Assert.Equal(CliHost.BadInput, (await RunAsync(["register", "periodic", "--date", "2026-12-02", .. Store])).Code);

        var person = lines[2].Split(',');
        var birth = DateOnly.ParseExact(person[8], "yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal(CliHost.BadInput, (await RunAsync(["voter", "find", "--kana", person[5] + person[6], .. Store])).Code);
        Assert.Equal(CliHost.BadInput, (await RunAsync(["voter", "find", "--kana", person[5], "--purpose", "山田さんの件", .. Store])).Code);
        var found = await RunAsync(["voter", "find", "--kana", person[5] + person[6], "--birth", birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "--purpose", "inquiry:1", .. Store]);
        Assert.Equal(CliHost.Success, found.Code);
        Assert.Contains(person[3] + "　" + person[4], found.Out, StringComparison.Ordinal);

        var extract = Path.Combine(_root, "extract.csv");
        Assert.Equal(CliHost.Success, (await RunAsync(["register", "extract", "--district", "271411-01", "--out", extract, .. Store])).Code);
        Assert.StartsWith("register_no,", await File.ReadAllTextAsync(extract, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(CliHost.BadInput, (await RunAsync(["register", "extract", "--district", "999999-99", "--out", Path.Combine(_root, "none.csv"), .. Store])).Code);
        Assert.Equal(CliHost.Success, (await RunAsync(["register", "stats", "--as-of", "2026-12-01", "--city", City, .. Store])).Code);
        Assert.Equal(CliHost.Success, (await RunAsync(["audit", "verify", .. Store])).Code);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}

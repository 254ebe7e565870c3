using System.Globalization;
using System.Text.RegularExpressions;
using Senkyo.Storage.Tests;
using Senkyo.Synthetic;

namespace Senkyo.Cli.Tests;

/// <summary><c>senkyo overseas</c> end to end on a synthetic application file: exit codes, errors naming file, line and column.</summary>
public sealed partial class OverseasCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("senkyo-cli-overseas-").FullName;

    private string[] Store => ["--data", Path.Combine(_root, "store"), "--keys", Path.Combine(_root, "master.key")];

    private string City => Path.Combine(_root, "city");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliHost.RunAsync(CommandTree.Create(), args, output, error, Ct);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Apply_process_list_and_check_exit_0_and_a_bad_file_exits_2_changing_nothing()
    {
        Assert.Equal(0, (await RunAsync("synth", "city", "--out", City)).Code);
        Assert.Equal(0, (await RunAsync(["init", .. Store, "--synthetic"])).Code);
        var code = SyntheticPopulation.City().Code;
        var people = SyntheticPopulation.Generate(21, 300, new DateOnly(2026, 5, 1)).Where(r => r.BirthDate < new DateOnly(2000, 1, 1)).Take(2).ToList();
        var rows = people.Select((p, i) => OverseasApplications.AtConsulate(p, i + 1, code, new DateOnly(2026, 5, 10), new DateOnly(2026, 1, 15))).ToArray();
        var good = await OverseasApplications.WriteAsync(Path.Combine(_root, "applications.csv"), rows, Ct);

        var lines = await File.ReadAllLinesAsync(good, Ct);
        var f = lines[3].Split(',');
        f[8] = "1990-02-30";
        lines[3] = string.Join(',', f);
        var bad = Path.Combine(_root, "bad.csv");
        await File.WriteAllLinesAsync(bad, lines, Ct);
        var rejected = await RunAsync(["overseas", "apply", bad, "--city", City, .. Store]);
        Assert.Equal(CliHost.BadInput, rejected.Code);
        Assert.Contains($"{bad}: line 4, column birth_date", rejected.Err, StringComparison.Ordinal);
        Assert.Contains("nothing was applied", rejected.Err, StringComparison.Ordinal);
        Assert.Contains("0 found", (await RunAsync(["overseas", "list", "--purpose", "inquiry:1", .. Store])).Out, StringComparison.Ordinal);

        var applied = await RunAsync(["overseas", "apply", good, "--city", City, .. Store]);
        Assert.Equal(CliHost.Success, applied.Code);
        Assert.Contains("2 applications held", applied.Out, StringComparison.Ordinal);
        var first = long.Parse(Ids().Match(applied.Out).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(CliHost.BadInput, (await RunAsync(["overseas", "apply", good, "--city", City, .. Store])).Code);

        Assert.Equal(CliHost.BadInput, (await RunAsync(["overseas", "process", "--date", "2026-06-01", "--national-election", "2026-07-19..2026-07-02", .. Store])).Code);
        var run = await RunAsync(["overseas", "process", "--date", "令和8年6月1日", "--national-election", "2026-07-02..2026-07-19", .. Store]);
        Assert.Equal(CliHost.Success, run.Code);
        Assert.Contains("2 examined", run.Out, StringComparison.Ordinal);

        var list = await RunAsync(["overseas", "list", "--kana", people[0].SurnameKana, "--purpose", "inquiry:2", .. Store]);
        Assert.Equal(CliHost.Success, list.Code);
        Assert.Contains(people[0].Surname + "　" + people[0].GivenName, list.Out, StringComparison.Ordinal);
        Assert.Contains("登録 2026-06-01", list.Out, StringComparison.Ordinal);
        Assert.Equal(CliHost.BadInput, (await RunAsync(["overseas", "list", "--purpose", "山田さんの件", .. Store])).Code);

        var id = first.ToString(CultureInfo.InvariantCulture);
        var national = await RunAsync(["overseas", "check", "--id", id, "--level", "national", "--announce", "2026-07-02", "--polling", "2026-07-19", .. Store]);
        Assert.StartsWith("可: ", national.Out, StringComparison.Ordinal);
        var municipal = await RunAsync(["overseas", "check", "--id", id, "--level", "municipal", "--announce", "2026-07-12", "--polling", "2026-07-19", .. Store]);
        Assert.Equal(CliHost.Success, municipal.Code);
        Assert.StartsWith("不可: ", municipal.Out, StringComparison.Ordinal);
        Assert.Contains("衆議院・参議院", municipal.Out, StringComparison.Ordinal);

        Assert.Equal(CliHost.Success, (await RunAsync(["overseas", "notice", "--id", id, "--kind", "domestic-address", "--on", "2026-09-01", "--municipality", "141003", .. Store])).Code);
        Assert.Equal(CliHost.BadInput, (await RunAsync(["overseas", "notice", "--id", id, "--kind", "domestic-address", "--on", "2026-09-01", .. Store])).Code);
        Assert.Equal(CliHost.BadInput, (await RunAsync(["overseas", "notice", "--id", "999999", "--kind", "death", "--on", "2026-09-01", .. Store])).Code);
        Assert.Equal(CliHost.Success, (await RunAsync(["overseas", "process", "--date", "2026-09-10", .. Store])).Code);
        // 国内転入 → 表示 (法30の10①).
        Assert.Contains("Marked", (await RunAsync(["overseas", "list", "--kana", people[0].SurnameKana + " " + people[0].GivenNameKana, "--purpose", "inquiry:3", .. Store])).Out, StringComparison.Ordinal);
        Assert.Equal(CliHost.Success, (await RunAsync(["audit", "verify", .. Store])).Code);
    }

    [GeneratedRegex(@"ids (\d+)–")]
    private static partial Regex Ids();

    public void Dispose() => Directory.Delete(_root, recursive: true);
}

using System.CommandLine;
using System.Text.Json;

namespace Senkyo.Cli.Tests;

/// <summary><c>senkyo results compute</c> on small synthetic files written by the test.</summary>
public sealed class ResultsCommandTests : IDisposable
{
    private const string Assembly = """
        {
          "format": "senkyo-results",
          "version": 1,
          "election": "架空市議会議員選挙",
          "contests": [
            {
              "id": "assembly", "name": "架空市議会", "kind": "municipal-assembly", "seats": 2,
              "candidates": [ { "id": "a", "name": "山田一郎" }, { "id": "b", "name": "山田花子" }, { "id": "c", "name": "佐藤次郎" }, { "id": "d", "name": "鈴木三郎" } ],
              "tallies": [
                { "countingDistrict": "北区", "candidateVotes": { "a": 1500, "b": 1249, "c": 1400, "d": 100 },
                  "ambiguous": [ { "text": "山田", "votes": 38, "candidates": ["a", "b"] } ],
                  "invalid": { "blank": 20, "other-writing": 3 },
                  "votersCheckedIn": 4320, "ballotsInBox": 4310, "ballotsUnaccounted": 2 }
              ]
            },
            {
              "id": "mayor", "kind": "mayor", "seats": 1,
              "candidates": [ { "id": "x", "name": "甲" }, { "id": "y", "name": "乙" } ],
              "tallies": [ { "countingDistrict": "北区", "candidateVotes": { "x": 2000, "y": 2000 } } ]
            }
          ]
        }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("senkyo-results-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WriteFile(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var root = new RootCommand("t");
        root.Subcommands.Add(ResultsCommands.Create());
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliHost.RunAsync(root, args, output, error, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Table_shows_winners_apportionment_thresholds_and_every_flag()
    {
        var file = WriteFile("city.json", Assembly);
        var (code, stdout, stderr) = await Run("results", "compute", "--input", file);
        Assert.Equal(CliHost.Success, code);
        Assert.Equal("", stderr);
        Assert.Contains("1520.734", stdout, StringComparison.Ordinal);
        Assert.Contains("57000/2749", stdout, StringComparison.Ordinal);
        Assert.Contains("法定得票数 535.875", stdout, StringComparison.Ordinal);
        Assert.Contains("供託物没収点 214.350", stdout, StringComparison.Ordinal);
        Assert.Contains("reconciliation-gap", stdout, StringComparison.Ordinal);
        Assert.Contains("gap 8", stdout, StringComparison.Ordinal);
        Assert.Contains("LOT REQUIRED", stdout, StringComparison.Ordinal);
        Assert.Contains("くじ lot pending", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_is_the_report_format_with_winners_and_pending_lots()
    {
        var file = WriteFile("city.json", Assembly);
        var (code, stdout, _) = await Run("results", "compute", "--input", file, "--format", "json");
        Assert.Equal(CliHost.Success, code);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("senkyo-results-report", json.RootElement.GetProperty("format").GetString());
        var assembly = json.RootElement.GetProperty("contests")[0];
        var elected = assembly.GetProperty("candidates").EnumerateArray()
            .Where(c => c.GetProperty("status").GetString() == "elected")
            .Select(c => c.GetProperty("id").GetString())
            .ToList();
        Assert.Equal(["a", "c"], elected);
        var mayor = json.RootElement.GetProperty("contests")[1];
        var lot = mayor.GetProperty("pendingLots")[0];
        Assert.Equal(1, lot.GetProperty("places").GetInt32());
    }

    [Fact]
    public async Task Csv_output_has_one_row_per_candidate()
    {
        var file = WriteFile("city.json", Assembly);
        var (code, stdout, _) = await Run("results", "compute", "--input", file, "--format", "csv");
        Assert.Equal(CliHost.Success, code);
        var lines = stdout.TrimEnd('\n').Split('\n');
        Assert.StartsWith("contest,kind,id,name", lines[0], StringComparison.Ordinal);
        Assert.Equal(1 + 4 + 2, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("assembly,municipal-assembly,a,山田一郎,,,1520.734,4180500/2749,elected,1,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_malformed_file_exits_2_naming_the_file_the_json_path_and_the_line()
    {
        var file = WriteFile("broken.json", Assembly.Replace("\"b\": 1249", "\"b\": \"many\"", StringComparison.Ordinal));
        var (code, stdout, stderr) = await Run("results", "compute", "--input", file);
        Assert.Equal(CliHost.BadInput, code);
        Assert.Equal("", stdout);
        Assert.Contains("broken.json:10:", stderr, StringComparison.Ordinal);
        Assert.Contains("$.contests[0].tallies[0].candidateVotes.b", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_incoherent_file_exits_2_naming_the_json_path()
    {
        var file = WriteFile("ghost.json", Assembly.Replace("\"candidates\": [\"a\", \"b\"]", "\"candidates\": [\"a\", \"ghost\"]", StringComparison.Ordinal));
        var (code, _, stderr) = await Run("results", "compute", "--input", file);
        Assert.Equal(CliHost.BadInput, code);
        Assert.Contains("ghost.json", stderr, StringComparison.Ordinal);
        Assert.Contains("$.contests[0].tallies[0].ambiguous[0].candidates", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_or_an_unknown_format_exits_2()
    {
        var (missing, _, stderr) = await Run("results", "compute", "--input", Path.Combine(_folder, "nope.json"));
        Assert.Equal(CliHost.BadInput, missing);
        Assert.Contains("nope.json", stderr, StringComparison.Ordinal);
        var file = WriteFile("city.json", Assembly);
        var (badFormat, _, _) = await Run("results", "compute", "--input", file, "--format", "xml");
        Assert.Equal(CliHost.BadInput, badFormat);
        var (noInput, _, _) = await Run("results", "compute");
        Assert.Equal(CliHost.BadInput, noInput);
    }
}

using System.Text;

namespace Senkyo.Cli.Tests;

public sealed class SynthCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("senkyo-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string CityDir => Path.Combine(_dir, "city");

    private async Task WriteCityAsync()
    {
        var (code, output, err) = await CliHostTests.RunAsync("synth", "city", "--out", CityDir);
        Assert.True(code == 0, err);
        Assert.Contains("voting districts", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task City_then_residents_then_changes()
    {
        await WriteCityAsync();
        var residents = Path.Combine(_dir, "residents.csv");
        var (code, output, err) = await CliHostTests.RunAsync("synth", "residents", "--city", CityDir, "--seed", "42", "--count", "5000", "--as-of", "2026-11-28", "--out", residents);
        Assert.True(code == 0, err);
        Assert.Contains("5000 synthetic residents", output, StringComparison.Ordinal);
        Assert.Equal(5002, File.ReadLines(residents).Count());

        var changes = Path.Combine(_dir, "changes.csv");
        (code, output, err) = await CliHostTests.RunAsync("synth", "changes", "--city", CityDir, "--base", residents, "--seed", "1", "--from", "2026-12-01", "--to", "2027-02-28", "--out", changes);
        Assert.True(code == 0, err);
        Assert.StartsWith("#SENKYO-SYNTHETIC change-file", File.ReadLines(changes).First(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir, "*.partial", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Cp932_output_reports_unmappable_characters_on_stderr()
    {
        await WriteCityAsync();
        var file = Path.Combine(_dir, "sjis.csv");
        var (code, _, err) = await CliHostTests.RunAsync("synth", "residents", "--city", CityDir, "--seed", "8", "--count", "60000", "--encoding", "cp932", "--out", file);
        Assert.Equal(0, code);
        Assert.Contains("CP932 cannot encode", err, StringComparison.Ordinal);
        Assert.Matches(@"sjis\.csv:\d+: surname of resident \d{11}", err);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Assert.StartsWith("#SENKYO-SYNTHETIC", File.ReadLines(file, Encoding.GetEncoding(932)).First(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("synth", "city", "--profile", "atlantis", "--out", "{dir}/x")]
    [InlineData("synth", "residents", "--city", "{city}", "--seed", "1", "--count", "-5", "--out", "{dir}/x.csv")]
    [InlineData("synth", "residents", "--city", "{dir}/nowhere", "--seed", "1", "--out", "{dir}/x.csv")]
    [InlineData("synth", "residents", "--city", "{city}", "--seed", "1", "--count", "10", "--encoding", "ebcdic", "--out", "{dir}/x.csv")]
    [InlineData("synth", "residents", "--city", "{city}", "--seed", "1", "--count", "10", "--out", "{dir}/file-not-dir/x.csv")]
    [InlineData("synth", "residents", "--city", "{city}", "--seed", "minus-one", "--count", "10", "--out", "{dir}/x.csv")]
    [InlineData("synth", "changes", "--city", "{city}", "--base", "{dir}/base.csv", "--seed", "1", "--from", "2027-03-01", "--to", "2027-01-01", "--out", "{dir}/x.csv")]
    [InlineData("synth", "changes", "--city", "{city}", "--base", "{dir}/real.csv", "--seed", "1", "--from", "2027-01-01", "--to", "2027-03-01", "--out", "{dir}/x.csv")]
    public async Task Bad_arguments_exit_2_with_a_message_and_leave_no_file(params string[] template)
    {
        await WriteCityAsync();
        await File.WriteAllTextAsync(Path.Combine(_dir, "file-not-dir"), "x", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(_dir, "real.csv"), "resident_id,surname\n12345678901,山田\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(_dir, "base.csv"), "#SENKYO-SYNTHETIC resident-file v1 seed=1 as-of=2026-11-28\n", TestContext.Current.CancellationToken);
        var args = template.Select(a => a.Replace("{dir}", _dir, StringComparison.Ordinal).Replace("{city}", CityDir, StringComparison.Ordinal)).ToArray();
        var before = Directory.GetFiles(_dir, "*", SearchOption.AllDirectories).Order().ToList();

        var (code, _, err) = await CliHostTests.RunAsync(args);

        Assert.Equal(2, code);
        Assert.StartsWith("error: ", err, StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFiles(_dir, "*", SearchOption.AllDirectories).Order().ToList());
    }
}

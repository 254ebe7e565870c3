using System.CommandLine;
using System.Globalization;
using Senkyo.Domain.Municipality;
using Senkyo.Synthetic.Catalog;
using Senkyo.Synthetic.City;
using Senkyo.Synthetic.Residents;
using Spectre.Console;

namespace Senkyo.Cli;

/// <summary><c>senkyo synth …</c>: the synthetic municipality and population (合成データ).</summary>
public static class SynthCommands
{
    public static Command Create()
    {
        var synth = new Command("synth", "Generate synthetic data (合成データ): a city, its residents, their changes. Never real people.");
        synth.Subcommands.Add(CityCommand());
        synth.Subcommands.Add(ResidentsCommand());
        synth.Subcommands.Add(ChangesCommand.Create());
        return synth;
    }

    private static Command CityCommand()
    {
        var profile = new Option<string>("--profile") { Description = "City profile: sakai (堺市, 7 wards, ~826,000 residents).", DefaultValueFactory = _ => "sakai" };
        var output = new Option<string>("--out") { Description = "Folder to write city.json into.", Required = true };
        var command = new Command("city", "Write the structure of a synthetic city: wards, towns, voting districts, polling places, early-voting places, counting districts.") { profile, output };
        command.SetAction(async (parse, ct) =>
        {
            var city = CityGenerator.Generate(LoadProfile(parse.GetValue(profile)!));
            var path = Path.Combine(parse.GetValue(output)!, MunicipalityFile.FileName);
            await AtomicFile.WriteAsync(path, async (s, c) => { await MunicipalityFile.WriteAsync(city, s, c); return 0; }, ct);
            await parse.InvocationConfiguration.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{path}: {city.Name} ({city.Code}), {city.Wards.Count} wards, {city.Towns.Count} town units, {city.VotingDistricts.Count} voting districts, {city.PollingPlaces.Count} polling places, {city.EarlyVotingPlaces.Count} early-voting places, {city.CountingDistricts.Count} counting districts"));
            return CliHost.Success;
        });
        return command;
    }

    private static Command ResidentsCommand()
    {
        var cityDir = CityOption();
        var seed = SeedOption();
        var count = new Option<long>("--count") { Description = "Number of residents (default: the profile city's population)." };
        count.Validators.Add(r => { if (r.GetValueOrDefault<long>() < 0) r.AddError("--count must not be negative"); });
        var asOf = new Option<DateOnly>("--as-of") { Description = "Date the file describes (default: today).", DefaultValueFactory = _ => DateOnly.FromDateTime(DateTime.Today) };
        var encoding = new Option<string>("--encoding") { Description = "utf-8 or cp932.", DefaultValueFactory = _ => "utf-8" };
        encoding.AcceptOnlyFromAmong([.. OutputEncoding.Known]);
        var output = new Option<string>("--out") { Description = "The resident file to write.", Required = true };
        var command = new Command("residents", "Write a synthetic resident-registry interface file (住民記録連携ファイル, docs/formats/resident-file.md).") { cityDir, seed, count, asOf, encoding, output };
        command.SetAction(async (parse, ct) =>
        {
            var city = await LoadCityAsync(parse.GetValue(cityDir)!, ct);
            var total = parse.GetResult(count) is null ? city.Wards.Sum(w => (long)w.Population) : parse.GetValue(count);
            var enc = OutputEncoding.Parse(parse.GetValue(encoding)!);
            var seedValue = parse.GetValue(seed);
            var generator = new ResidentGenerator(city, SyntheticCatalog.Default, seedValue, parse.GetValue(asOf));
            var path = parse.GetValue(output)!;
            var result = await WithProgressAsync(total, "residents", progress =>
                AtomicFile.WriteAsync(path, (s, c) => ResidentFileWriter.WriteAsync(generator, total, seedValue, s, enc, progress, cancellationToken: c), ct));
            var stdout = parse.InvocationConfiguration.Output;
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{path}: {result.Residents} synthetic residents ({enc.Name})"));
            await ReportUnmappableAsync(parse.InvocationConfiguration.Error, path, result.Unmappable);
            return CliHost.Success;
        });
        return command;
    }

    internal static Option<string> CityOption() => new("--city") { Description = "Folder holding city.json (from `senkyo synth city`).", Required = true };

    internal static Option<ulong> SeedOption() => new("--seed") { Description = "Random seed: the same seed and arguments give byte-identical output.", Required = true };

    internal static CityProfile LoadProfile(string name)
    {
        try
        {
            return CityProfile.Load(name);
        }
        catch (ArgumentException e)
        {
            throw new UserInputException(e.Message, e);
        }
    }

    internal static async Task<Municipality> LoadCityAsync(string folder, CancellationToken ct)
    {
        var path = Path.Combine(folder, MunicipalityFile.FileName);
        if (!File.Exists(path))
        {
            throw new UserInputException($"{path}: no city file here (write one with `senkyo synth city --out {folder}`)");
        }

        try
        {
            return await MunicipalityFile.ReadAsync(path, ct);
        }
        catch (InvalidDataException e)
        {
            throw new UserInputException(e.Message, e);
        }
    }

    internal static async Task ReportUnmappableAsync(TextWriter stderr, string path, IReadOnlyList<UnmappableCharacter> unmappable)
    {
        if (unmappable.Count == 0)
        {
            return;
        }

        await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"warning: {unmappable.Count} field(s) hold characters CP932 cannot encode; they are written as {OutputEncoding.Substitute} in {path}:"));
        foreach (var u in unmappable.Take(20))
        {
            await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {path}:{u.Line}: {u.Column} of resident {u.ResidentId}: {u.Text}"));
        }

        if (unmappable.Count > 20)
        {
            await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  … and {unmappable.Count - 20} more"));
        }
    }

    /// <summary>Shows a progress bar on stderr for long runs on an interactive terminal; stdout stays clean for scripts.</summary>
    internal static async Task<T> WithProgressAsync<T>(long total, string unit, Func<IProgress<long>?, Task<T>> work)
    {
        if (total < 200_000 || Console.IsErrorRedirected)
        {
            return await work(null);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask($"{unit}", maxValue: total);
                var progress = new Progress<long>(n => task.Value = n);
                return await work(progress);
            });
    }
}

using System.CommandLine;
using System.Globalization;
using Senkyo.Domain.Municipality;
using Senkyo.Storage.Import;
using Spectre.Console;

namespace Senkyo.Cli;

/// <summary>
/// <c>senkyo import residents|changes FILE</c>: the resident registry's files into the protected store. A file with
/// any error changes nothing and exits 2 with the errors (file, line, column, problem); a file already applied, or a
/// change file out of order, is refused the same way.
/// </summary>
public static class ImportCommands
{
    public const string CityVariable = "SENKYO_CITY";

    public static Command Create()
    {
        var import = new Command("import", "Import files from the resident registry (住民記録システム) into the store.");
        import.Subcommands.Add(ResidentsCommand());
        import.Subcommands.Add(ChangesCommand());
        return import;
    }

    private static Command ResidentsCommand()
    {
        var file = new Argument<string>("FILE") { Description = "The resident file (docs/formats/resident-file.md)." };
        var (data, keys, city, encoding) = (StoreCommands.DataOption(), StoreCommands.KeysOption(), CityOption(), EncodingOption());
        var asOf = new Option<DateOnly?>("--as-of") { Description = "The day the file describes, for a file without a synthetic marker line (the marker's as-of= otherwise)." };
        var command = new Command("residents", "Import a resident file: validate every row, then store all of them encrypted and indexed with their 投票区 and 被登録資格 (法21①), or nothing.")
        {
            file, data, keys, city, encoding, asOf,
        };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            var municipality = await LoadCityAsync(parse.GetValue(city), ct);
            await using var store = await StoreCommands.OpenAsync(parse.GetValue(data), parse.GetValue(keys), ct);
            var result = await Run(parse.InvocationConfiguration.Error, () =>
                SynthCommands.WithProgressAsync(Math.Max(new FileInfo(path).Length / 200, 0), "import", progress =>
                    store.ImportResidentsAsync(StoreCommands.Operator("register.import"), path, municipality, ParseEncoding(parse.GetValue(encoding)!), parse.GetValue(asOf), progress, ct)));
            var stdout = parse.InvocationConfiguration.Output;
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{path}: {result.Residents} residents imported as of {result.AsOf:yyyy-MM-dd} (ids {result.FirstId}–{result.LastId}), {result.Qualifying} meet 被登録資格 (法21①) that day; sha256 {result.Sha256}"));
            WriteCounts(stdout, municipality, result.ByWard, "residents");
            return CliHost.Success;
        });
        return command;
    }

    private static Command ChangesCommand()
    {
        var file = new Argument<string>("FILE") { Description = "The change file (docs/formats/change-file.md)." };
        var (data, keys, city, encoding) = (StoreCommands.DataOption(), StoreCommands.KeysOption(), CityOption(), EncodingOption());
        var command = new Command("changes", "Apply a change file (異動ファイル) in order: marks (表示) on move-out, deletions (抹消) on death or loss of nationality, new districts, new residents, new names — all or nothing.")
        {
            file, data, keys, city, encoding,
        };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            var municipality = await LoadCityAsync(parse.GetValue(city), ct);
            await using var store = await StoreCommands.OpenAsync(parse.GetValue(data), parse.GetValue(keys), ct);
            var result = await Run(parse.InvocationConfiguration.Error, () =>
                store.ImportChangesAsync(StoreCommands.Operator("register.import"), path, municipality, ParseEncoding(parse.GetValue(encoding)!), ct));
            var stdout = parse.InvocationConfiguration.Output;
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{path}: {result.Events} events applied for {result.From:yyyy-MM-dd}–{result.To:yyyy-MM-dd}; sha256 {result.Sha256}"));
            var table = new Table().AddColumns("event", "count");
            foreach (var (kind, n) in result.ByKind.OrderBy(k => k.Key, StringComparer.Ordinal))
            {
                table.AddRow(kind, n.ToString("N0", CultureInfo.InvariantCulture));
            }

            var marks = new Table().AddColumns("register change", "count");
            foreach (var (kind, n) in result.RegisterChanges.OrderBy(k => k.Key, StringComparer.Ordinal))
            {
                marks.AddRow(kind, n.ToString("N0", CultureInfo.InvariantCulture));
            }

            var console = Console(stdout);
            console.Write(table);
            console.Write(marks);
            return CliHost.Success;
        });
        return command;
    }

    internal static Option<string?> CityOption() => new("--city") { Description = $"Folder holding city.json (or {CityVariable})." };

    private static Option<string> EncodingOption()
    {
        var encoding = new Option<string>("--encoding") { Description = "auto (UTF-8 if the start of the file is valid UTF-8, else CP932), utf-8 or cp932.", DefaultValueFactory = _ => "auto" };
        encoding.AcceptOnlyFromAmong("auto", "utf-8", "cp932");
        return encoding;
    }

    private static FileEncoding ParseEncoding(string text) => text switch
    {
        "utf-8" => FileEncoding.Utf8,
        "cp932" => FileEncoding.Cp932,
        _ => FileEncoding.Auto,
    };

    internal static async Task<Municipality> LoadCityAsync(string? option, CancellationToken ct) =>
        await SynthCommands.LoadCityAsync(option ?? Environment.GetEnvironmentVariable(CityVariable)
            ?? throw new UserInputException($"No city structure given: pass --city DIR (holding city.json) or set {CityVariable}."), ct);

    /// <summary>Runs an import; a rejected file prints its errors (capped) and exits 2, a refusal exits 2 with its reason.</summary>
    private static async Task<T> Run<T>(TextWriter stderr, Func<Task<T>> import)
    {
        try
        {
            return await StoreCommands.Guard(import);
        }
        catch (ImportRejectedException e)
        {
            foreach (var error in e.Errors)
            {
                await stderr.WriteLineAsync(error.ToString());
            }

            if (e.Total > e.Errors.Count)
            {
                await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"… and {e.Total - e.Errors.Count} more"));
            }

            throw new UserInputException(string.Create(CultureInfo.InvariantCulture, $"{e.File}: {e.Total} error(s); nothing was applied."), e);
        }
    }

    internal static IAnsiConsole Console(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 140;
        return console;
    }

    internal static void WriteCounts(TextWriter writer, Municipality city, IReadOnlyDictionary<string, long> byWard, string what)
    {
        var table = new Table().AddColumns("区", "code", what);
        foreach (var ward in city.Wards)
        {
            table.AddRow(ward.Name, ward.Code, byWard.GetValueOrDefault(ward.Code).ToString("N0", CultureInfo.InvariantCulture));
        }

        table.AddRow("計", "", byWard.Values.Sum().ToString("N0", CultureInfo.InvariantCulture));
        Console(writer).Write(table);
    }
}

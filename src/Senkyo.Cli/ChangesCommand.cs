using System.CommandLine;
using System.Globalization;
using Senkyo.Synthetic.Catalog;
using Senkyo.Synthetic.Changes;
using Senkyo.Synthetic.Residents;

namespace Senkyo.Cli;

/// <summary><c>senkyo synth changes</c>: the change file (異動ファイル) matching a synthetic resident file.</summary>
public static class ChangesCommand
{
    public static Command Create()
    {
        var cityDir = SynthCommands.CityOption();
        var baseFile = new Option<string>("--base") { Description = "The synthetic resident file the changes start from.", Required = true };
        var seed = SynthCommands.SeedOption();
        var from = new Option<DateOnly>("--from") { Description = "First filing day of the period.", Required = true };
        var to = new Option<DateOnly>("--to") { Description = "Last filing day of the period.", Required = true };
        var encoding = new Option<string>("--encoding") { Description = "utf-8 or cp932.", DefaultValueFactory = _ => "utf-8" };
        encoding.AcceptOnlyFromAmong([.. OutputEncoding.Known]);
        var output = new Option<string>("--out") { Description = "The change file to write.", Required = true };
        var command = new Command("changes", "Write a synthetic change file (異動ファイル, docs/formats/change-file.md) consistent with a resident file.")
        {
            cityDir, baseFile, seed, from, to, encoding, output,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(from) > r.GetValue(to))
            {
                r.AddError("--from is after --to: the period is reversed");
            }
        });
        command.SetAction(async (parse, ct) =>
        {
            var city = await SynthCommands.LoadCityAsync(parse.GetValue(cityDir)!, ct);
            var basePath = parse.GetValue(baseFile)!;
            if (!File.Exists(basePath))
            {
                throw new UserInputException($"{basePath}: no such file");
            }

            var baseEncoding = InterfaceFile.DetectEncoding(basePath);
            using var reader = new StreamReader(basePath, baseEncoding);
            var marker = ResidentFileReader.ReadMarker(reader);
            if (marker is null || marker.Kind != "resident-file")
            {
                throw new UserInputException($"{basePath}: line 1: not a synthetic resident file (no {ResidentFileFormat.SyntheticMarker} resident-file marker); changes are only ever synthesized from synthetic residents");
            }

            var periodStart = parse.GetValue(from);
            if (marker.Values.TryGetValue("as-of", out var asOfText) && DateOnly.TryParse(asOfText, CultureInfo.InvariantCulture, out var asOf) && periodStart <= asOf)
            {
                throw new UserInputException($"{basePath}: describes {asOf:yyyy-MM-dd}; --from must be after it");
            }

            var hash = await InterfaceFile.Sha256Async(basePath, ct);
            var seedValue = parse.GetValue(seed);
            var generator = new ChangeGenerator(city, SyntheticCatalog.Default, seedValue, periodStart);
            IEnumerable<SyntheticResident> rows;
            try
            {
                rows = ResidentFileReader.ReadRows(reader, basePath).ToList();
            }
            catch (InvalidDataException e)
            {
                throw new UserInputException(e.Message, e);
            }

            var events = generator.Generate(rows, periodStart, parse.GetValue(to));
            var path = parse.GetValue(output)!;
            var enc = OutputEncoding.Parse(parse.GetValue(encoding)!);
            var count = await AtomicFile.WriteAsync(path, (s, c) =>
                ChangeFileWriter.WriteAsync(events, ChangeFileWriter.MarkerLine(seedValue, periodStart, parse.GetValue(to), hash), s, enc, c), ct);
            await parse.InvocationConfiguration.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{path}: {count} synthetic change events ({enc.Name})"));
            return CliHost.Success;
        });
        return command;
    }
}

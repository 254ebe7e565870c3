using System.CommandLine;
using System.Globalization;
using Senkyo.Domain.Dates;
using Senkyo.Domain.Municipality;
using Senkyo.Domain.Register;
using Senkyo.Privacy.Audit;
using Senkyo.Storage;
using Spectre.Console;

namespace Senkyo.Cli;

/// <summary>
/// <c>senkyo register …</c> (選挙人名簿の登録・整理・統計・抄本) and <c>senkyo voter find</c>. The rules are
/// Senkyo.Domain.Register's; these commands run them over the store and print counts by ward.
/// </summary>
public static class RegisterCommands
{
    public static Command Create()
    {
        var register = new Command("register", "The voter register (選挙人名簿): registration, maintenance, statistics, extracts.");
        register.Subcommands.Add(PeriodicCommand());
        register.Subcommands.Add(ElectionCommand());
        register.Subcommands.Add(ProcessCommand());
        register.Subcommands.Add(StatsCommand());
        register.Subcommands.Add(ExtractCommand());
        return register;
    }

    public static Command CreateVoter()
    {
        var voter = new Command("voter", "Electors (選挙人): look-ups through the blind indexes, every one audited with its purpose.");
        voter.Subcommands.Add(FindCommand());
        return voter;
    }

    private static Command PeriodicCommand()
    {
        var (data, keys, city) = (StoreCommands.DataOption(), StoreCommands.KeysOption(), ImportCommands.CityOption());
        var date = new Option<string>("--date") { Description = "The 1st of March, June, September or December (ISO or 和暦).", Required = true };
        var command = new Command("periodic", "定時登録 (法22①②): register everyone qualifying as of the 1st of Mar/Jun/Sep/Dec; on a holiday registered the next working day.") { data, keys, city, date };
        command.SetAction(async (parse, ct) =>
        {
            var baseDate = ParseDate(parse.GetValue(date)!, "--date");
            await using var store = await StoreCommands.OpenAsync(parse.GetValue(data), parse.GetValue(keys), ct);
            var result = await StoreCommands.Guard(() => store.RegisterPeriodicAsync(StoreCommands.Operator("register.periodic"), baseDate, [], ct));
            await WriteRunAsync(parse, result, parse.GetValue(city), ct);
            return CliHost.Success;
        });
        return command;
    }

    private static Command ElectionCommand()
    {
        var (data, keys, city) = (StoreCommands.DataOption(), StoreCommands.KeysOption(), ImportCommands.CityOption());
        var announce = new Option<string>("--announce") { Description = "公示日・告示日.", Required = true };
        var polling = new Option<string>("--polling") { Description = "Polling day (選挙の期日).", Required = true };
        var level = new Option<string>("--level") { Description = "national, prefectural or municipal.", DefaultValueFactory = _ => "national" };
        level.AcceptOnlyFromAmong("national", "prefectural", "municipal");
        var command = new Command("election", "選挙時登録 (法22③): register as of the day before the announcement, age judged on polling day.") { data, keys, city, announce, polling, level };
        command.SetAction(async (parse, ct) =>
        {
            var a = ParseDate(parse.GetValue(announce)!, "--announce");
            var p = ParseDate(parse.GetValue(polling)!, "--polling");
            if (a >= p)
            {
                throw new UserInputException("--announce must be before --polling.");
            }

            var lvl = parse.GetValue(level) switch { "prefectural" => ElectionLevel.Prefectural, "municipal" => ElectionLevel.Municipal, _ => ElectionLevel.National };
            await using var store = await StoreCommands.OpenAsync(parse.GetValue(data), parse.GetValue(keys), ct);
            var result = await StoreCommands.Guard(() => store.RegisterForElectionAsync(StoreCommands.Operator("register.election"), new ElectionDates(lvl, a, p), ct));
            await WriteRunAsync(parse, result, parse.GetValue(city), ct);
            return CliHost.Success;
        });
        return command;
    }

    private static Command ProcessCommand()
    {
        var (data, keys, city) = (StoreCommands.DataOption(), StoreCommands.KeysOption(), ImportCommands.CityOption());
        var date = new Option<string>("--date") { Description = "The day as of which due marks and deletions are made.", Required = true };
        var command = new Command("process", "名簿の整理: make the 表示 (法27①) and 抹消 (法28) that have come due, e.g. 4 months after a move-out.") { data, keys, city, date };
        command.SetAction(async (parse, ct) =>
        {
            var asOf = ParseDate(parse.GetValue(date)!, "--date");
            await using var store = await StoreCommands.OpenAsync(parse.GetValue(data), parse.GetValue(keys), ct);
            var result = await StoreCommands.Guard(() => store.ProcessRegisterAsync(StoreCommands.Operator("register.process"), asOf, ct));
            await WriteRunAsync(parse, result, parse.GetValue(city), ct);
            return CliHost.Success;
        });
        return command;
    }

    private static Command StatsCommand()
    {
        var (data, keys, city) = (StoreCommands.DataOption(), StoreCommands.KeysOption(), ImportCommands.CityOption());
        var asOf = new Option<string?>("--as-of") { Description = "Day of the figures (default: today)." };
        var purpose = PurposeOption("register.stats");
        var command = new Command("stats", "選挙人名簿登録者数: electors by ward, 投票区, sex and 5-year age band, and the changes since the last registration.") { data, keys, city, asOf, purpose };
        command.SetAction(async (parse, ct) =>
        {
            var day = parse.GetValue(asOf) is { } text ? ParseDate(text, "--as-of") : DateOnly.FromDateTime(DateTime.Today);
            var who = Who(parse.GetValue(purpose)!, "*");
            await using var store = await StoreCommands.OpenAsync(parse.GetValue(data), parse.GetValue(keys), ct);
            var stats = await StoreCommands.Guard(() => store.StatsAsync(who, day, ct));
            var names = await WardNamesAsync(parse.GetValue(city), ct);
            var console = ImportCommands.Console(parse.InvocationConfiguration.Output);
            console.WriteLine($"選挙人名簿登録者数 as of {Wareki.FormatWithGregorianYear(day)}" + (stats.LastRegistration is { } last ? $"; last registration {last:yyyy-MM-dd}" : ""));
            var byWard = new Table().AddColumns("区", "男", "女", "計", "うち表示");
            foreach (var g in stats.Cells.GroupBy(c => c.WardCode))
            {
                byWard.AddRow(names.GetValueOrDefault(g.Key, g.Key), N(g.Where(c => c.Sex == 1).Sum(c => c.Electors)), N(g.Where(c => c.Sex == 2).Sum(c => c.Electors)), N(g.Sum(c => c.Electors)), N(g.Sum(c => c.Marked)));
            }

            byWard.AddRow("計", N(stats.Cells.Where(c => c.Sex == 1).Sum(c => c.Electors)), N(stats.Cells.Where(c => c.Sex == 2).Sum(c => c.Electors)), N(stats.Cells.Sum(c => c.Electors)), N(stats.Cells.Sum(c => c.Marked)));
            console.Write(byWard);
            var byDistrict = new Table().AddColumns("投票区", "男", "女", "計");
            foreach (var g in stats.Cells.GroupBy(c => c.District))
            {
                byDistrict.AddRow(g.Key, N(g.Where(c => c.Sex == 1).Sum(c => c.Electors)), N(g.Where(c => c.Sex == 2).Sum(c => c.Electors)), N(g.Sum(c => c.Electors)));
            }

            console.Write(byDistrict);
            var byAge = new Table().AddColumns("年齢", "男", "女", "計");
            foreach (var g in stats.Cells.GroupBy(c => c.AgeBand).OrderBy(g => g.Key))
            {
                byAge.AddRow(g.Key >= 100 ? "100–" : string.Create(CultureInfo.InvariantCulture, $"{g.Key}–{g.Key + 4}"), N(g.Where(c => c.Sex == 1).Sum(c => c.Electors)), N(g.Where(c => c.Sex == 2).Sum(c => c.Electors)), N(g.Sum(c => c.Electors)));
            }

            console.Write(byAge);
            var changes = new Table().AddColumns("change since last registration (change:reason)", "count");
            foreach (var (k, v) in stats.ChangesSinceLastRegistration)
            {
                changes.AddRow(k, N(v));
            }

            console.Write(changes);
            return CliHost.Success;
        });
        return command;
    }

    private static Command ExtractCommand()
    {
        var (data, keys) = (StoreCommands.DataOption(), StoreCommands.KeysOption());
        var district = new Option<string>("--district") { Description = "投票区 code, e.g. 271411-03.", Required = true };
        var output = new Option<string>("--out") { Description = "CSV file to write.", Required = true };
        var purpose = PurposeOption("register.extract");
        var command = new Command("extract", "名簿抄本 data of one 投票区 in register-number order (an audited export).") { data, keys, district, output, purpose };
        command.SetAction(async (parse, ct) =>
        {
            var who = Who(parse.GetValue(purpose)!, "*");
            var path = parse.GetValue(output)!;
            await using var store = await StoreCommands.OpenAsync(parse.GetValue(data), parse.GetValue(keys), ct);
            var count = await AtomicFile.WriteAsync(path, async (s, c) =>
            {
                await using var writer = new StreamWriter(s, StoreCommands.Utf8, leaveOpen: true);
                var n = await StoreCommands.Guard(() => store.ExtractAsync(who, parse.GetValue(district)!, writer, c));
                await writer.FlushAsync(c);
                return n;
            }, ct);
            if (count == 0)
            {
                File.Delete(path);
                throw new UserInputException($"投票区 {parse.GetValue(district)} has no register entries (unknown district, or no registration yet).");
            }

            await parse.InvocationConfiguration.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{path}: {count} entries of 投票区 {parse.GetValue(district)} in register-number order"));
            return CliHost.Success;
        });
        return command;
    }

    private static Command FindCommand()
    {
        var (data, keys) = (StoreCommands.DataOption(), StoreCommands.KeysOption());
        var kana = new Option<string?>("--kana") { Description = "Kana (katakana, hiragana or half-width): full name, or surname alone; a space separates surname and given name." };
        var name = new Option<string?>("--name") { Description = "Kanji name: full name, or surname alone (variant kanji fold: 高橋 finds 髙橋)." };
        var birth = new Option<string?>("--birth") { Description = "Birth date, ISO or 和暦 (昭和50年4月1日, S50.4.1)." };
        var ward = new Option<string?>("--ward") { Description = "Only this ward (区コード)." };
        var purpose = PurposeOption(null);
        purpose.Required = true;
        var command = new Command("find", "Find electors by kana, name, birth date and ward; every search and every record shown is audited with the purpose.") { data, keys, kana, name, birth, ward, purpose };
        command.SetAction(async (parse, ct) =>
        {
            var (k, n, b) = (parse.GetValue(kana), parse.GetValue(name), parse.GetValue(birth) is { } t ? ParseDate(t, "--birth") : (DateOnly?)null);
            if (k is null && n is null && b is null)
            {
                throw new UserInputException("Say whom to find: --kana, --name and/or --birth.");
            }

            var who = Who(parse.GetValue(purpose)!, parse.GetValue(ward) ?? "*");
            await using var store = await StoreCommands.OpenAsync(parse.GetValue(data), parse.GetValue(keys), ct);
            var found = await StoreCommands.Guard(() => store.FindVotersAsync(who, new VoterQuery(k, n, b), ct));
            var table = new Table().AddColumns("id", "氏名", "フリガナ", "生年月日", "投票区", "資格");
            foreach (var v in found)
            {
                table.AddRow(v.Id.ToString(CultureInfo.InvariantCulture), Markup.Escape(v.Name), Markup.Escape(v.Kana), Wareki.FormatWithGregorianYear(v.BirthDate), v.District ?? "", StatusName(v.Status));
            }

            var console = ImportCommands.Console(parse.InvocationConfiguration.Output);
            console.Write(table);
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{found.Count} found"));
            return CliHost.Success;
        });
        return command;
    }

    private static string StatusName(ElectorStatus status) => status switch
    {
        ElectorStatus.Elector => "選挙人",
        ElectorStatus.Marked => "表示",
        ElectorStatus.Deleted => "抹消",
        ElectorStatus.Disqualified => "失権",
        _ => "未登録",
    };

    private static Option<string> PurposeOption(string? defaultPurpose)
    {
        var option = new Option<string>("--purpose") { Description = "Why (an audit code such as inquiry:2026-1234; no personal data)." };
        if (defaultPurpose is not null)
        {
            option.DefaultValueFactory = _ => defaultPurpose;
        }

        return option;
    }

    private static AccessContext Who(string purpose, string ward)
    {
        if (!AuditEvent.IsCode(purpose))
        {
            throw new UserInputException("--purpose must be an audit code of ASCII letters, digits and . _ - : @ / * , + (e.g. inquiry:2026-1234); it must not hold personal data.");
        }

        if (!AuditEvent.IsCode(ward))
        {
            throw new UserInputException("--ward must be a ward code such as 271411.");
        }

        return StoreCommands.Operator(purpose) with { WardScope = ward };
    }

    internal static DateOnly ParseDate(string text, string option) =>
        WarekiParser.TryParse(text, out var date, out var error) ? date : throw new UserInputException($"{option}: {error}");

    private static async Task<Dictionary<string, string>> WardNamesAsync(string? cityOption, CancellationToken ct)
    {
        var dir = cityOption ?? Environment.GetEnvironmentVariable(ImportCommands.CityVariable);
        if (dir is null || !File.Exists(Path.Combine(dir, MunicipalityFile.FileName)))
        {
            return [];
        }

        var city = await ImportCommands.LoadCityAsync(dir, ct);
        return city.Wards.ToDictionary(w => w.Code, w => w.Name, StringComparer.Ordinal);
    }

    private static async Task WriteRunAsync(ParseResult parse, RegisterRunResult result, string? cityOption, CancellationToken ct)
    {
        var names = await WardNamesAsync(cityOption, ct);
        var console = ImportCommands.Console(parse.InvocationConfiguration.Output);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{result.Kind} run {result.Run}: 基準日 {result.BaseDate:yyyy-MM-dd}, registered on {result.RegistrationDate:yyyy-MM-dd}, age judged {result.AgeDate:yyyy-MM-dd}; {result.Evaluated} examined"));
        var table = new Table().AddColumns("区", "登録", "表示", "抹消");
        foreach (var w in result.Wards)
        {
            table.AddRow(names.GetValueOrDefault(w.WardCode, w.WardCode), N(w.Registered), N(w.Marked), N(w.Deleted));
        }

        table.AddRow("計", N(result.Registered), N(result.Marked), N(result.Deleted));
        console.Write(table);
    }

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}

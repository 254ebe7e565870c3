using System.CommandLine;
using System.Globalization;
using Senkyo.Domain.Dates;
using Senkyo.Domain.Register;
using Senkyo.Privacy.Audit;
using Senkyo.Storage;
using Senkyo.Storage.Import;
using Spectre.Console;

namespace Senkyo.Cli;

/// <summary>
/// <c>senkyo overseas …</c>: the 在外選挙人名簿 (法30の2〜30の11). Applications come in as a file and are held; a run
/// enters the ones Senkyo.Domain.Register allows that day (法30の4, 法30の6) and makes the 表示 and 抹消 entries owe
/// (法30の10①, 法30の11①); an entry votes in national elections only (法30の2, 法9②③).
/// </summary>
public static class OverseasCommands
{
    public static Command Create()
    {
        var overseas = new Command("overseas", "The overseas register (在外選挙人名簿, 法30の2〜): applications, entry and maintenance runs, look-ups, voting eligibility.");
        overseas.Subcommands.Add(ApplyCommand());
        overseas.Subcommands.Add(ProcessCommand());
        overseas.Subcommands.Add(NoticeCommand());
        overseas.Subcommands.Add(ListCommand());
        overseas.Subcommands.Add(CheckCommand());
        return overseas;
    }

    private static Command ApplyCommand()
    {
        var file = new Argument<string>("FILE") { Description = "Applications (docs/formats/overseas-application.md)." };
        var (data, keys, city) = (StoreCommands.DataOption(), StoreCommands.KeysOption(), ImportCommands.CityOption());
        var encoding = new Option<string>("--encoding") { Description = "auto, utf-8 or cp932.", DefaultValueFactory = _ => "auto" };
        encoding.AcceptOnlyFromAmong("auto", "utf-8", "cp932");
        var command = new Command("apply", "Store a file of applications (在外公館申請 / 出国時申請, 法30の5) as held: every line is checked first; any error and nothing is stored (exit 2).")
        {
            file, data, keys, city, encoding,
        };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            var municipality = await ImportCommands.LoadCityAsync(parse.GetValue(city), ct);
            var used = parse.GetValue(encoding) switch { "utf-8" => FileEncoding.Utf8, "cp932" => FileEncoding.Cp932, _ => FileEncoding.Auto };
            await using var store = await StoreCommands.OpenAsync(parse.GetValue(data), parse.GetValue(keys), ct);
            OverseasApplyResult result;
            try
            {
                result = await StoreCommands.Guard(() => store.ApplyOverseasApplicationsAsync(StoreCommands.Operator("overseas.apply"), path, municipality, used, ct));
            }
            catch (ImportRejectedException e)
            {
                foreach (var error in e.Errors)
                {
                    await parse.InvocationConfiguration.Error.WriteLineAsync(error.ToString());
                }

                throw new UserInputException(string.Create(CultureInfo.InvariantCulture, $"{e.File}: {e.Total} error(s); nothing was applied."), e);
            }

            await parse.InvocationConfiguration.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{path}: {result.Applications} applications held (ids {result.FirstId}–{result.LastId}); run 'senkyo overseas process --date' to enter them; sha256 {result.Sha256}"));
            return CliHost.Success;
        });
        return command;
    }

    private static Command ProcessCommand()
    {
        var (data, keys) = (StoreCommands.DataOption(), StoreCommands.KeysOption());
        var date = new Option<string>("--date") { Description = "The day of the run (ISO or 和暦).", Required = true };
        var elections = new Option<string[]>("--national-election")
        {
            Description = "A 衆議院・参議院 election as ANNOUNCE..POLLING (e.g. 2026-07-02..2026-07-19): no entry in that period (法30の6③). Repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("process", "在外選挙人名簿の登録と整理: enter the held applications that may be entered that day, make the 表示 and 抹消 that are due.") { data, keys, date, elections };
        command.SetAction(async (parse, ct) =>
        {
            var asOf = RegisterCommands.ParseDate(parse.GetValue(date)!, "--date");
            var national = (parse.GetValue(elections) ?? []).Select(ParseElection).ToList();
            await using var store = await StoreCommands.OpenAsync(parse.GetValue(data), parse.GetValue(keys), ct);
            var r = await StoreCommands.Guard(() => store.ProcessOverseasAsync(StoreCommands.Operator("overseas.process"), asOf, national, ct));
            var console = ImportCommands.Console(parse.InvocationConfiguration.Output);
            console.WriteLine($"在外選挙人名簿 as of {Wareki.FormatWithGregorianYear(asOf)}: {N(r.Examined)} examined");
            var table = new Table().AddColumns("登録", "うち登録の移転", "保留", "却下", "表示", "表示の消除", "抹消");
            table.AddRow(N(r.Entered), N(r.Transferred), N(r.Held), N(r.Refused), N(r.Marked), N(r.Cleared), N(r.Deleted));
            console.Write(table);
            return CliHost.Success;
        });
        return command;
    }

    private static Command NoticeCommand()
    {
        var (data, keys) = (StoreCommands.DataOption(), StoreCommands.KeysOption());
        var id = new Option<long>("--id") { Description = "The application or entry id.", Required = true };
        var kind = new Option<string>("--kind") { Description = "death, nationality-lost or domestic-address (a 住民票 made in Japan, 法30の13).", Required = true };
        kind.AcceptOnlyFromAmong("death", "nationality-lost", "domestic-address");
        var on = new Option<string>("--on") { Description = "The day it happened (for a domestic address: the 住定日).", Required = true };
        var municipality = new Option<string?>("--municipality") { Description = "domestic-address: the municipality's 全国地方公共団体コード." };
        var command = new Command("notice", "Record a notice about an overseas elector; the next 'process' run makes the 表示 or 抹消 it leads to.") { data, keys, id, kind, on, municipality };
        command.SetAction(async (parse, ct) =>
        {
            var notice = new OverseasNotice(
                parse.GetValue(kind) switch { "death" => OverseasNoticeKind.Death, "nationality-lost" => OverseasNoticeKind.NationalityLost, _ => OverseasNoticeKind.DomesticAddress },
                RegisterCommands.ParseDate(parse.GetValue(on)!, "--on"),
                parse.GetValue(municipality));
            await using var store = await StoreCommands.OpenAsync(parse.GetValue(data), parse.GetValue(keys), ct);
            await StoreCommands.Guard(() => store.RecordOverseasNoticeAsync(StoreCommands.Operator("overseas.notice"), parse.GetValue(id), notice, ct));
            await parse.InvocationConfiguration.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"notice recorded for {parse.GetValue(id)}"));
            return CliHost.Success;
        });
        return command;
    }

    private static Command ListCommand()
    {
        var (data, keys) = (StoreCommands.DataOption(), StoreCommands.KeysOption());
        var kana = new Option<string?>("--kana") { Description = "Kana: full name, or surname alone; a space separates surname and given name." };
        var name = new Option<string?>("--name") { Description = "Kanji name: full name, or surname alone (variant kanji fold)." };
        var birth = new Option<string?>("--birth") { Description = "Birth date, ISO or 和暦." };
        var state = new Option<string?>("--state") { Description = "held, entered or refused." };
        state.AcceptOnlyFromAmong("held", "entered", "refused");
        var purpose = new Option<string>("--purpose") { Description = "Why (an audit code such as inquiry:2026-1234; no personal data).", Required = true };
        var command = new Command("list", "Find overseas applications and entries by name and birth date, or list those in a state; every search and every row shown is audited.") { data, keys, kana, name, birth, state, purpose };
        command.SetAction(async (parse, ct) =>
        {
            if (!AuditEvent.IsCode(parse.GetValue(purpose)!))
            {
                throw new UserInputException("--purpose must be an audit code of ASCII letters, digits and . _ - : @ / * , + (e.g. inquiry:2026-1234); it must not hold personal data.");
            }

            var query = new OverseasQuery(parse.GetValue(kana), parse.GetValue(name), parse.GetValue(birth) is { } b ? RegisterCommands.ParseDate(b, "--birth") : null,
                parse.GetValue(state) switch { "held" => OverseasApplicationState.Held, "entered" => OverseasApplicationState.Entered, "refused" => OverseasApplicationState.Refused, _ => null });
            await using var store = await StoreCommands.OpenAsync(parse.GetValue(data), parse.GetValue(keys), ct);
            var found = await StoreCommands.Guard(() => store.FindOverseasAsync(StoreCommands.Operator(parse.GetValue(purpose)!), query, ct));
            var table = new Table().AddColumns("id", "申請番号", "氏名", "フリガナ", "生年月日", "申請", "状態", "資格", "領事官");
            foreach (var v in found)
            {
                table.AddRow(v.Id.ToString(CultureInfo.InvariantCulture), v.ApplicationNo, Markup.Escape(v.Name), Markup.Escape(v.Kana), Wareki.FormatWithGregorianYear(v.BirthDate),
                    v.Route == OverseasApplicationRoute.AtConsulate ? "在外公館" : "出国時", State(v), v.Status.ToString(), Markup.Escape(v.ConsularJurisdiction));
            }

            var console = ImportCommands.Console(parse.InvocationConfiguration.Output);
            console.Write(table);
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{found.Count} found"));
            return CliHost.Success;
        });
        return command;
    }

    private static Command CheckCommand()
    {
        var (data, keys) = (StoreCommands.DataOption(), StoreCommands.KeysOption());
        var id = new Option<long>("--id") { Description = "The entry id.", Required = true };
        var level = new Option<string>("--level") { Description = "national, prefectural or municipal.", DefaultValueFactory = _ => "national" };
        level.AcceptOnlyFromAmong("national", "prefectural", "municipal");
        var announce = new Option<string>("--announce") { Description = "公示日・告示日.", Required = true };
        var polling = new Option<string>("--polling") { Description = "Polling day.", Required = true };
        var day = new Option<string?>("--day") { Description = "The day of voting (default: polling day)." };
        var command = new Command("check", "在外選挙人の投票資格: may this overseas elector vote in this election on this day? National elections only (法30の2, 法9②③).") { data, keys, id, level, announce, polling, day };
        command.SetAction(async (parse, ct) =>
        {
            var (a, p) = (RegisterCommands.ParseDate(parse.GetValue(announce)!, "--announce"), RegisterCommands.ParseDate(parse.GetValue(polling)!, "--polling"));
            if (a >= p)
            {
                throw new UserInputException("--announce must be before --polling.");
            }

            var lvl = parse.GetValue(level) switch { "prefectural" => ElectionLevel.Prefectural, "municipal" => ElectionLevel.Municipal, _ => ElectionLevel.National };
            var votingDay = parse.GetValue(day) is { } d ? RegisterCommands.ParseDate(d, "--day") : p;
            await using var store = await StoreCommands.OpenAsync(parse.GetValue(data), parse.GetValue(keys), ct);
            var decision = await StoreCommands.Guard(() => store.CheckOverseasVotingAsync(StoreCommands.Operator("overseas.eligibility"), parse.GetValue(id), new ElectionDates(lvl, a, p), votingDay, ct));
            await parse.InvocationConfiguration.Output.WriteLineAsync((decision.CanVote ? "可: " : "不可: ") + decision.Explanation);
            return CliHost.Success;
        });
        return command;
    }

    private static ElectionDates ParseElection(string text)
    {
        var parts = text.Split("..", StringSplitOptions.TrimEntries);
        if (parts.Length != 2)
        {
            throw new UserInputException($"--national-election '{text}': expected ANNOUNCE..POLLING, e.g. 2026-07-02..2026-07-19.");
        }

        var (a, p) = (RegisterCommands.ParseDate(parts[0], "--national-election"), RegisterCommands.ParseDate(parts[1], "--national-election"));
        return a < p ? new ElectionDates(ElectionLevel.National, a, p) : throw new UserInputException($"--national-election '{text}': the announcement must be before polling day.");
    }

    private static string State(OverseasView v) => v.State switch
    {
        OverseasApplicationState.Entered => v.RegisteredOn is { } r ? string.Create(CultureInfo.InvariantCulture, $"登録 {r:yyyy-MM-dd}") : "登録",
        OverseasApplicationState.Refused => "却下 " + v.Refusal,
        _ => v.EarliestOn is { } e ? string.Create(CultureInfo.InvariantCulture, $"保留 {v.Refusal} ({e:yyyy-MM-dd}~)") : "保留",
    };

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}

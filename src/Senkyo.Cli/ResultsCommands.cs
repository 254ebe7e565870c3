using System.CommandLine;
using Senkyo.Domain.Results;
using Spectre.Console;

namespace Senkyo.Cli;

/// <summary>
/// <c>senkyo results …</c>: compute winners and seats from a published results file (開票結果),
/// so anyone can recompute an announced result (docs/formats/results.md).
/// </summary>
public static class ResultsCommands
{
    public static Command Create()
    {
        var results = new Command("results", "Results (開票・選挙結果): recompute winners and seats from open data.");
        results.Subcommands.Add(CreateCompute());
        return results;
    }

    private static Command CreateCompute()
    {
        var input = new Option<FileInfo>("--input", "-i")
        {
            Description = "A results file in the senkyo-results JSON format.",
            Required = true,
        };
        var format = new Option<string>("--format", "-f")
        {
            Description = "Output: table (for people), json (senkyo-results-report), csv (one row per candidate and party).",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        var compute = new Command("compute", "Compute winners, seats, 按分, thresholds and flags (ties, lists exhausted, thresholds not reached).")
        {
            input,
            format,
        };
        compute.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetRequiredValue(input);
            var output = parse.InvocationConfiguration.Output;
            var report = await ComputeAsync(file, cancellationToken);
            switch (parse.GetValue(format))
            {
                case "json":
                    await output.WriteLineAsync(ResultsJson.Write(report));
                    break;
                case "csv":
                    await output.WriteAsync(ResultsCsv.WriteResults(report));
                    break;
                default:
                    ResultsTable.Write(report, output);
                    break;
            }

            return CliHost.Success;
        });
        return compute;
    }

    private static async Task<ResultsReport> ComputeAsync(FileInfo file, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            throw new UserInputException($"{file.FullName}: file not found");
        }

        try
        {
            var document = await ResultsJson.ReadFileAsync(file.FullName, cancellationToken);
            return ResultsEngine.Compute(document, file.FullName);
        }
        catch (ResultsFormatException e)
        {
            throw new UserInputException(e.Message, e);
        }
    }
}

/// <summary>The human form of a report: one block per contest with thresholds, seats, winners, 按分 detail and every flag.</summary>
internal static class ResultsTable
{
    public static void Write(ResultsReport report, TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 160;
        if (report.Election is not null)
        {
            console.WriteLine(report.Election + (report.PollingDay is { } day ? $" ({day:yyyy-MM-dd})" : ""));
        }

        foreach (var contest in report.Contests)
        {
            WriteContest(console, contest);
        }
    }

    private static void WriteContest(IAnsiConsole console, ContestResult contest)
    {
        console.WriteLine();
        console.Write(new Rule(Markup.Escape($"{contest.Name ?? contest.Id} [{contest.Id}] {KindLabel(contest.Kind)}{(contest.ByElection ? " 補欠" : "")}, seats {contest.Seats}")).LeftJustified());
        var facts = $"valid votes {contest.ValidVotes.ToDecimalString(3)}";
        if (contest.MinimumVoteToWin is { } min)
        {
            facts += $" | 法定得票数 {Exact(min)}";
        }

        if (contest.DepositForfeitThreshold is { } forfeit)
        {
            facts += $" | 供託物没収点 {Exact(forfeit)}";
        }

        console.WriteLine(facts);
        if (contest.Parties.Count > 0)
        {
            var parties = new Table().AddColumns("party", "votes", "seats", "eligible", "flags");
            foreach (var p in contest.Parties)
            {
                parties.AddRow(Markup.Escape(p.Name), p.Votes.ToFixed3(), p.Seats.ToString(System.Globalization.CultureInfo.InvariantCulture), p.EligibleCandidates.ToString(System.Globalization.CultureInfo.InvariantCulture), p.ListExhausted ? "list exhausted" : "");
            }

            console.Write(parties);
        }

        var table = new Table().AddColumns("order", "candidate", "party", "rank", "votes", "status", "惜敗率 %", "notes");
        foreach (var c in contest.Candidates)
        {
            var notes = new List<string>();
            if (!c.ExactVotes.IsInteger && c.ExactVotes != c.Votes.ToRational())
            {
                notes.Add("exact " + c.ExactVotes.ToFractionString());
            }

            if (c.ForfeitsDeposit)
            {
                notes.Add("deposit forfeited");
            }

            if (!c.ReachedMinimumVote)
            {
                notes.Add("below 法定得票数");
            }

            if (c.DualContest is not null)
            {
                notes.Add("dual: " + c.DualContest);
            }

            table.AddRow(
                c.ElectedOrder?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
                Markup.Escape($"{c.Name} ({c.Id})"),
                Markup.Escape(c.Party ?? ""),
                c.ListRank?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
                contest.Kind == ElectionKind.HouseProportional ? "" : c.Votes.ToFixed3(),
                StatusLabel(c.Status),
                c.LossRatio?.Percent ?? "",
                Markup.Escape(string.Join("; ", notes)));
        }

        console.Write(table);
        var shares = contest.CountingDistricts.SelectMany(d => d.Apportionment.Select(s => (d.Name, s))).ToList();
        if (shares.Count > 0)
        {
            var detail = new Table().AddColumns("開票区", "written", "ballots", "to", "share", "exact");
            foreach (var (district, s) in shares)
            {
                detail.AddRow(Markup.Escape(district), Markup.Escape(s.Text ?? ""), s.Ballots.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(s.Choice), s.Published.ToFixed3(), s.Exact.ToFractionString());
            }

            console.WriteLine("按分 (法68の2):");
            console.Write(detail);
        }

        foreach (var flag in contest.Flags)
        {
            console.WriteLine($"flag {KindName(flag.Code)}: {flag.Message}");
        }

        foreach (var lot in contest.PendingLots)
        {
            console.WriteLine($"LOT REQUIRED ({lot.Purpose}): {lot.Places} place(s) among {string.Join(", ", lot.Among)} — to be drawn by the 選挙長 and recorded in \"lots\".");
        }
    }

    private static string Exact(Rational value) =>
        value.IsInteger || Rational.Create(value.TruncateToThousandths().Thousandths, 1000) == value
            ? value.ToDecimalString(3)
            : $"{value.ToDecimalString(3)} (exact {value.ToFractionString()})";

    private static string KindName<T>(T value) where T : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    private static string StatusLabel(CandidateStatus status) => status switch
    {
        CandidateStatus.Elected => "当選 elected",
        CandidateStatus.LotPending => "くじ lot pending",
        CandidateStatus.ElectedInDistrict => "小選挙区当選 (skipped)",
        CandidateStatus.ExcludedBelowDepositThreshold => "1/10未満 excluded",
        _ => "落選",
    };

    private static string KindLabel(ElectionKind kind) => kind switch
    {
        ElectionKind.HouseSingleMember => "衆院小選挙区",
        ElectionKind.HouseProportional => "衆院比例",
        ElectionKind.CouncillorsDistrict => "参院選挙区",
        ElectionKind.CouncillorsProportional => "参院比例",
        ElectionKind.Governor => "知事",
        ElectionKind.Mayor => "市町村長",
        ElectionKind.PrefecturalAssembly => "都道府県議会",
        ElectionKind.MunicipalAssembly => "市町村議会",
        _ => "住民投票",
    };
}

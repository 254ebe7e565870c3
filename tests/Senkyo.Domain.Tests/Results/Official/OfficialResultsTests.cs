using System.Globalization;
using System.Numerics;
using Senkyo.Domain.Results;

namespace Senkyo.Domain.Tests.Results.Official;

/// <summary>
/// The engine against real, official results: 第50回 (2024) and 第51回 (2026) 衆議院議員総選挙.
/// Votes and lists go in through the open format (written to JSON and read back); every
/// district winner and 供託物没収点, every block's seats per party, every list winner and
/// elected order, each 惜敗率 and 1/10 exclusion, and the D'Hondt table come out and are
/// compared with the published figures.
/// </summary>
public sealed class OfficialResultsTests
{
    public static TheoryData<string> Elections => new() { "r06-10-27", "r08-02-08" };

    private static (ResultsReport Report, string Folder) Compute(string election)
    {
        var folder = OfficialData.Require(election);
        var document = OfficialElectionConverter.Convert(folder, election);
        // Through the published format and back: the file alone must carry everything.
        var reread = ResultsJson.Read(ResultsJson.Write(document), $"{election}.json");
        return (ResultsEngine.Compute(reread), folder);
    }

    private static void Report(string what, int compared) =>
        TestContext.Current.TestOutputHelper?.WriteLine($"{what}: {compared} official figures compared, all equal");

    [Theory]
    [MemberData(nameof(Elections))]
    public void Every_district_winner_and_deposit_forfeiture_point_matches(string election)
    {
        var (report, folder) = Compute(election);
        var results = report.Contests.ToDictionary(c => c.Id);
        var compared = 0;
        var candidates = OfficialData.ReadCsv(folder, "smd_candidates.csv");
        foreach (var row in candidates)
        {
            var contest = results[OfficialElectionConverter.DistrictId(row["prefecture"], row["district_no"])];
            var mine = contest.Candidates.Single(c => c.Id == OfficialElectionConverter.SmdCandidateId(row));
            Assert.True((row["elected"] == "true") == (mine.Status == CandidateStatus.Elected), $"{row.Where}: {row["name_display"]} elected={row["elected"]}, engine {mine.Status}");
            compared++;
        }

        var districts = OfficialData.ReadCsv(folder, "smd_districts.csv");
        Assert.Equal(289, districts.Count);
        foreach (var row in districts)
        {
            var contest = results[OfficialElectionConverter.DistrictId(row["prefecture"], row["district_no"])];
            Assert.True(contest.DepositForfeitThreshold is not null, row.Where);
            Assert.Equal(row["deposit_forfeit_point"], contest.DepositForfeitThreshold!.Value.ToDecimalString(3));
            Assert.Empty(contest.PendingLots);
            Assert.Single(contest.Winners);
            compared++;
        }

        Report($"{election} districts (winner flag per candidate, forfeiture point per district)", compared);
    }

    [Theory]
    [MemberData(nameof(Elections))]
    public void Valid_votes_per_prefecture_match_the_reconstructed_district_counts(string election)
    {
        var (report, folder) = Compute(election);
        var compared = 0;
        var national = Rational.Zero;
        foreach (var row in OfficialData.ReadCsv(folder, "ballots_smd_by_pref.csv"))
        {
            if (row["prefecture"] == "合計")
            {
                national = report.Contests.Where(c => c.Kind == ElectionKind.HouseSingleMember).Aggregate(Rational.Zero, (a, c) => a + c.ValidVotes);
                Assert.Equal(row["valid_votes"], national.ToDecimalString(0));
                continue;
            }

            var sum = report.Contests
                .Where(c => c.Kind == ElectionKind.HouseSingleMember && c.Id.StartsWith(OfficialElectionConverter.DistrictId(row["prefecture"], ""), StringComparison.Ordinal)
                    && char.IsAsciiDigit(c.Id[OfficialElectionConverter.DistrictId(row["prefecture"], "").Length]))
                .Aggregate(Rational.Zero, (a, c) => a + c.ValidVotes);
            Assert.Equal(row["valid_votes"], sum.ToDecimalString(0));
            compared++;
        }

        Assert.Equal(47, compared);
        Assert.True(national.Sign > 0, "the national total row was compared");
        compared++;
        Report($"{election} prefectural valid votes", compared);
    }

    [Theory]
    [MemberData(nameof(Elections))]
    public void Every_blocks_seats_per_party_match(string election)
    {
        var (report, folder) = Compute(election);
        var compared = 0;
        foreach (var row in OfficialData.ReadCsv(folder, "pr_party_blocks.csv"))
        {
            var block = report.Contests.Single(c => c.Id == OfficialElectionConverter.BlockId(row["block"]));
            var party = block.Parties.Single(p => p.Id == row["party"]);
            Assert.True(int.Parse(row["seats"], CultureInfo.InvariantCulture) == party.Seats, $"{row.Where}: {row["block"]} {row["party"]} official {row["seats"]}, engine {party.Seats}");
            Assert.Equal(row["votes"], party.Votes.ToString());
            compared += 2;
        }

        foreach (var block in report.Contests.Where(c => c.Kind == ElectionKind.HouseProportional))
        {
            Assert.Equal(block.Seats, block.Parties.Sum(p => p.Seats));
            Assert.Empty(block.PendingLots);
        }

        Assert.Equal(176, report.Contests.Where(c => c.Kind == ElectionKind.HouseProportional).Sum(c => c.Parties.Sum(p => p.Seats)));
        Report($"{election} block seats and votes per party", compared);
    }

    [Theory]
    [MemberData(nameof(Elections))]
    public void Every_list_winner_order_loss_ratio_and_exclusion_matches(string election)
    {
        var (report, folder) = Compute(election);
        var compared = 0;
        var byId = report.Contests.Where(c => c.Kind == ElectionKind.HouseProportional)
            .SelectMany(c => c.Candidates).ToDictionary(c => c.Id);
        foreach (var row in OfficialData.ReadCsv(folder, "pr_list_entries.csv"))
        {
            var mine = byId[OfficialElectionConverter.ListEntryId(row)];
            var what = $"{row.Where}: {row["block"]} {row["party"]} {row["name"]}";
            Assert.True((row["elected_pr"] == "true") == (mine.Status == CandidateStatus.Elected), $"{what}: elected_pr={row["elected_pr"]}, engine {mine.Status}");
            Assert.True((row["elected_order"].Length == 0 ? null : int.Parse(row["elected_order"], CultureInfo.InvariantCulture)) == mine.ElectedOrder,
                $"{what}: elected_order={row["elected_order"]}, engine {mine.ElectedOrder}");
            Assert.True((row["smd_result"] == "当") == (mine.Status == CandidateStatus.ElectedInDistrict), $"{what}: smd_result={row["smd_result"]}, engine {mine.Status}");
            Assert.True((row["sekihai_excluded"] == "true") == (mine.Status == CandidateStatus.ExcludedBelowDepositThreshold), $"{what}: sekihai_excluded={row["sekihai_excluded"]}, engine {mine.Status}");
            Assert.True((row["dual_candidacy"] == "true") == (mine.DualContest is not null), $"{what}: dual {row["dual_candidacy"]} not linked");
            compared += 5;
            if (row["smd_result"] == "落" && row["sekihai_excluded"] != "true")
            {
                Assert.True(row["sekihai_rate"] == mine.LossRatio?.Percent, $"{what}: 惜敗率 {row["sekihai_rate"]}, engine {mine.LossRatio?.Percent}");
                compared++;
            }
        }

        Report($"{election} list entries (elected, order, district result, exclusion, dual, 惜敗率)", compared);
    }

    [Theory]
    [MemberData(nameof(Elections))]
    public void The_dhondt_table_and_seat_ranks_match(string election)
    {
        var (report, folder) = Compute(election);
        var compared = 0;
        var blocks = report.Contests.Where(c => c.Kind == ElectionKind.HouseProportional).ToDictionary(c => c.Id);
        foreach (var row in OfficialData.ReadCsv(folder, "dhondt_quotients.csv"))
        {
            var block = blocks[OfficialElectionConverter.BlockId(row["block"])];
            var party = block.Parties.Single(p => p.Id == row["party"]);
            var divisor = int.Parse(row["divisor"], CultureInfo.InvariantCulture);
            // The table prints quotients rounded half up to three decimals.
            Assert.True(Votes.TryParse(row["quotient"], out var official), row.Where);
            Assert.True(official.ToFixed3() == RoundHalfUp3(party.ExactVotes / divisor), $"{row.Where}: quotient {row["quotient"]}, engine {RoundHalfUp3(party.ExactVotes / divisor)}");
            var won = block.WinningQuotients.SingleOrDefault(q => q.Party == party.Id && q.Divisor == divisor);
            var rank = row["seat_rank"].Length == 0 ? (int?)null : int.Parse(row["seat_rank"], CultureInfo.InvariantCulture);
            Assert.True(rank == won?.SeatRank, $"{row.Where}: {row["block"]} {row["party"]} ÷{divisor} rank {row["seat_rank"]}, engine {won?.SeatRank}");
            compared += 2;
        }

        Report($"{election} D'Hondt quotients and seat ranks", compared);
    }

    private static string RoundHalfUp3(Rational value)
    {
        var scaled = (value * 1000) + Rational.Create(1, 2);
        var units = BigInteger.Divide(scaled.Numerator, scaled.Denominator);
        return Rational.Create(units, 1000).ToDecimalString(3);
    }
}

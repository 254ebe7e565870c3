using Senkyo.Domain.Results;

namespace Senkyo.Domain.Tests.Results;

/// <summary>定数 at by-elections (法95①二・三, 法93①二・三), exact-equality boundaries, and which ties need a lot (法95②).</summary>
public sealed class ThresholdAndLotTests
{
    [Theory]
    [InlineData(ElectionKind.MunicipalAssembly)]
    [InlineData(ElectionKind.PrefecturalAssembly)]
    [InlineData(ElectionKind.CouncillorsDistrict)]
    public void A_by_election_without_the_full_seats_is_refused(ElectionKind kind)
    {
        var contest = Build.Plurality(kind, 1, ("a", 4_000), ("b", 3_000)) with { ByElection = true };
        var error = Assert.Throws<ResultsFormatException>(() => ResultsEngine.Compute(new ResultsDocument { Contests = [contest] }, "by.json"));
        Assert.Equal("$.contests[0].fullSeats", error.JsonPath);
        Assert.Equal("by.json", error.File);
        Assert.Contains("定数", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_assembly_cannot_elect_more_than_its_full_seats()
    {
        var contest = Build.Plurality(ElectionKind.MunicipalAssembly, 3, ("a", 4_000), ("b", 3_000), ("c", 2_000)) with { FullSeats = 2 };
        var error = Assert.Throws<ResultsFormatException>(() => Build.Run(contest));
        Assert.Equal("$.contests[0].fullSeats", error.JsonPath);
    }

    [Fact]
    public void Councillors_by_elections_divide_by_the_regular_seats_or_by_more_seats_to_elect()
    {
        // Valid 1,200 in a district electing 2 at a 通常選挙.
        (string, long)[] votes = [("a", 500), ("b", 400), ("c", 200), ("d", 100)];
        var byElection = Build.Run(Build.Plurality(ElectionKind.CouncillorsDistrict, 1, votes) with { ByElection = true, FullSeats = 2 });
        Assert.Equal(Rational.FromInteger(100), byElection.MinimumVoteToWin); // 1200 / 2 / 6
        Assert.Equal(Rational.FromInteger(75), byElection.DepositForfeitThreshold); // 1200 / 2 / 8

        // 合併選挙: 2 regular seats and 1 vacancy elected together: 3 > 2, so divide by 3 (法95①二 ただし書).
        var merged = Build.Run(Build.Plurality(ElectionKind.CouncillorsDistrict, 3, votes) with { ByElection = true, FullSeats = 2 });
        Assert.Equal(Rational.Create(200, 3), merged.MinimumVoteToWin);
        Assert.Equal(Rational.FromInteger(50), merged.DepositForfeitThreshold);
        Assert.Equal(["a", "b", "c"], merged.Winners.Select(w => w.Id));
    }

    [Fact]
    public void Equality_wins_and_equality_keeps_the_deposit()
    {
        // Valid 1,000: 法定得票数 1/4 = 250, 没収点 1/10 = 100 (法95①四, 法93①四).
        var result = Build.Run(Build.Plurality(ElectionKind.Mayor, 1, ("a", 250), ("b", 230), ("c", 220), ("d", 200), ("e", 100)));
        Assert.Equal(CandidateStatus.Elected, result.Of("a").Status);
        Assert.True(result.Of("a").ReachedMinimumVote);
        Assert.False(result.Of("e").ForfeitsDeposit);
        Assert.DoesNotContain(result.Flags, f => f.Code == FlagCode.DepositForfeited);

        var oneLess = Build.Run(Build.Plurality(ElectionKind.Mayor, 1, ("a", 250), ("b", 230), ("c", 220), ("d", 201), ("e", 99)));
        Assert.True(oneLess.Of("e").ForfeitsDeposit); // 99 < 100
    }

    [Fact]
    public void A_tie_wholly_inside_the_elected_set_is_reported_not_drawn()
    {
        var result = Build.Run(Build.Plurality(ElectionKind.MunicipalAssembly, 3, ("a", 500), ("b", 300), ("c", 300), ("d", 100)));
        Assert.Equal(CandidateStatus.Elected, result.Of("b").Status);
        Assert.Equal(CandidateStatus.Elected, result.Of("c").Status);
        Assert.Empty(result.PendingLots);
        Assert.DoesNotContain(result.Flags, f => f.Code == FlagCode.LotRequired);
        Assert.Contains(result.Flags, f => f.Code == FlagCode.TieWithinElected && f.Message.Contains("b, c", StringComparison.Ordinal));
    }

    private static Contest District(string id, params (string Id, long Votes)[] candidates) =>
        Build.Plurality(ElectionKind.HouseSingleMember, 1, candidates) with { Id = id };

    private static Candidate Listed(string id, int rank, string? dual = null) => new()
    {
        Id = id,
        Name = "名簿" + id,
        Party = "P",
        ListRank = rank,
        Dual = dual is null ? null : new DualCandidacy { Contest = dual, Candidate = id },
    };

    private static ContestResult Block(IReadOnlyList<Candidate> list, params Contest[] districts)
    {
        var block = new Contest
        {
            Id = "block",
            Kind = ElectionKind.HouseProportional,
            Seats = 3,
            Parties = [new Party { Id = "P", Name = "甲党" }, new Party { Id = "Q", Name = "乙党" }],
            Candidates = [.. list, new Candidate { Id = "q1", Name = "乙一", Party = "Q", ListRank = 1 }],
            // P 1,500 and Q 1,000 over 3 seats: P takes 2.
            Tallies = [new CountingDistrictTally { CountingDistrict = "ブロック", PartyVotes = new Dictionary<string, Votes> { ["P"] = Votes.FromBallots(1_500), ["Q"] = Votes.FromBallots(1_000) } }],
        };
        return ResultsEngine.Compute(new ResultsDocument { Contests = [.. districts, block] }).Contests.Single(c => c.Id == "block");
    }

    [Fact]
    public void A_dual_candidate_at_exactly_one_tenth_stays_on_the_list()
    {
        // District valid 10,000: 1,000 is exactly 1/10, not "達しない".
        var block = Block([Listed("top", 1), Listed("a", 2, "d1")], District("d1", ("x", 6_000), ("a", 1_000), ("y", 3_000)));
        Assert.Equal(CandidateStatus.Elected, block.Of("a").Status);
        Assert.Equal("16.666", block.Of("a").LossRatio!.Percent);

        var below = Block([Listed("top", 1), Listed("a", 2, "d1")], District("d1", ("x", 6_001), ("a", 999), ("y", 3_000)));
        Assert.Equal(CandidateStatus.ExcludedBelowDepositThreshold, below.Of("a").Status);
    }

    [Fact]
    public void A_pending_district_lot_holds_the_block_members_it_decides()
    {
        // d1 is tied: if "a" wins the district lot, "a" leaves the list and "b" takes P's second seat.
        var block = Block(
            [Listed("top", 1), Listed("a", 2, "d1"), Listed("b", 2, "d2")],
            District("d1", ("a", 1_000), ("x", 1_000)),
            District("d2", ("y", 2_000), ("b", 1_000)));
        Assert.Equal(CandidateStatus.Elected, block.Of("top").Status);
        Assert.Equal(CandidateStatus.LotPending, block.Of("a").Status);
        Assert.Equal(CandidateStatus.LotPending, block.Of("b").Status);
        Assert.Null(block.Of("a").ElectedOrder);
        var lot = Assert.Single(block.PendingLots);
        Assert.Equal(["a", "b"], lot.Among);
        Assert.Equal(1, lot.Places);
        Assert.Contains(block.Flags, f => f.Code == FlagCode.PendingDistrictLot && f.Message.Contains("d1", StringComparison.Ordinal));

        // Recorded lot in d1 for "x": "a" stays on the list and is elected; nothing is held.
        var decided = Block(
            [Listed("top", 1), Listed("a", 2, "d1"), Listed("b", 2, "d2")],
            District("d1", ("a", 1_000), ("x", 1_000)) with { Lots = [new LotRecord { Among = ["a", "x"], Drawn = ["x", "a"] }] },
            District("d2", ("y", 2_000), ("b", 1_000)));
        Assert.Equal(CandidateStatus.Elected, decided.Of("a").Status);
        Assert.Equal(CandidateStatus.NotElected, decided.Of("b").Status);
        Assert.Empty(decided.PendingLots);
    }

    [Fact]
    public void A_pending_district_lot_that_changes_nothing_holds_nothing()
    {
        // "a" is far down the list: P's two seats go to top1 and top2 whatever d1 decides.
        var block = Block(
            [Listed("top1", 1), Listed("top2", 2), Listed("a", 5, "d1")],
            District("d1", ("a", 1_000), ("x", 1_000)));
        Assert.Equal(CandidateStatus.Elected, block.Of("top2").Status);
        Assert.Equal(CandidateStatus.NotElected, block.Of("a").Status);
        Assert.Empty(block.PendingLots);
        Assert.Contains(block.Flags, f => f.Code == FlagCode.DistrictUndecided);
    }
}

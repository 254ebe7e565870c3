using Senkyo.Domain.Results;

namespace Senkyo.Domain.Tests.Results;

/// <summary>衆院比例 lists (法95の2) and 参院比例 open lists with 特定枠 (法95の3).</summary>
public sealed class ProportionalTests
{
    private static Contest District(string id, params (string Id, long Votes)[] candidates) =>
        Build.Plurality(ElectionKind.HouseSingleMember, 1, candidates) with { Id = id };

    private static Candidate Listed(string id, int rank, string? dualContest = null, string? dualCandidate = null) => new()
    {
        Id = id,
        Name = "名簿" + id,
        Party = "P",
        ListRank = rank,
        Dual = dualContest is null ? null : new DualCandidacy { Contest = dualContest, Candidate = dualCandidate! },
    };

    private static ResultsDocument HouseBlock(long partyVotes, IReadOnlyList<Candidate> list, params Contest[] districts) => new()
    {
        Contests =
        [
            .. districts,
            new Contest
            {
                Id = "block",
                Kind = ElectionKind.HouseProportional,
                Seats = 3,
                Parties = [new Party { Id = "P", Name = "甲党" }, new Party { Id = "Q", Name = "乙党" }],
                Candidates = [.. list, new Candidate { Id = "q1", Name = "乙一", Party = "Q", ListRank = 1 }],
                Tallies = [new CountingDistrictTally { CountingDistrict = "ブロック", PartyVotes = new Dictionary<string, Votes> { ["P"] = Votes.FromBallots(partyVotes), ["Q"] = Votes.FromBallots(1000) } }],
            },
        ],
    };

    [Fact]
    public void Same_rank_is_ordered_by_loss_ratio_district_winners_skipped_and_under_one_tenth_excluded()
    {
        var document = HouseBlock(
            10_000,
            [
                Listed("top", 1),
                Listed("w", 2, "d1", "w"),
                Listed("r60", 2, "d2", "r60"),
                Listed("r90", 2, "d3", "r90"),
                Listed("low", 2, "d4", "low"),
            ],
            District("d1", ("w", 50_000), ("x", 30_000)),
            District("d2", ("y", 50_000), ("r60", 30_000)),
            District("d3", ("z", 40_000), ("r90", 36_000)),
            District("d4", ("v", 90_000), ("low", 9_000), ("u", 1_000)));
        var block = ResultsEngine.Compute(document).Contests.Single(c => c.Id == "block");
        Assert.Equal(3, block.Parties.Single(p => p.Id == "P").Seats);
        Assert.Equal(CandidateStatus.ElectedInDistrict, block.Of("w").Status);
        Assert.Equal(CandidateStatus.ExcludedBelowDepositThreshold, block.Of("low").Status);
        Assert.Equal(1, block.Of("top").ElectedOrder);
        Assert.Equal(2, block.Of("r90").ElectedOrder);
        Assert.Equal(3, block.Of("r60").ElectedOrder);
        Assert.Equal("90.000", block.Of("r90").LossRatio!.Percent);
        Assert.Equal("60.000", block.Of("r60").LossRatio!.Percent);
    }

    [Fact]
    public void A_party_with_too_few_eligible_members_passes_its_seat_on()
    {
        var document = HouseBlock(1_000_000, [Listed("top", 1), Listed("w", 2, "d1", "w")], District("d1", ("w", 50_000), ("x", 30_000)));
        var block = ResultsEngine.Compute(document).Contests.Single(c => c.Id == "block");
        var p = block.Parties.Single(x => x.Id == "P");
        Assert.Equal(1, p.Seats);
        Assert.True(p.ListExhausted);
        Assert.Equal(1, p.EligibleCandidates);
        // Q's list has one member too: the third seat finds no eligible member anywhere.
        Assert.Equal(1, block.Parties.Single(x => x.Id == "Q").Seats);
        Assert.Contains(block.Flags, f => f.Code == FlagCode.ListExhausted);
        Assert.Contains(block.Flags, f => f.Code == FlagCode.SeatsUnfilled);
    }

    [Fact]
    public void An_exact_loss_ratio_tie_at_the_margin_is_left_to_a_lot_and_a_three_decimal_tie_is_flagged()
    {
        // 1,500 against 1,000 over 3 seats: P takes two, so "top" and one of a, b.
        var tie = HouseBlock(
            1_500,
            [Listed("top", 1), Listed("a", 2, "d1", "a"), Listed("b", 2, "d2", "b"), Listed("c", 2, "d3", "c")],
            District("d1", ("x", 1000), ("a", 800)),
            District("d2", ("y", 2000), ("b", 1600)),
            District("d3", ("z", 1000), ("c", 100 + 500)));
        var block = ResultsEngine.Compute(tie).Contests.Single(c => c.Id == "block");
        Assert.Equal(CandidateStatus.LotPending, block.Of("a").Status);
        Assert.Equal(CandidateStatus.LotPending, block.Of("b").Status);
        Assert.Contains(block.PendingLots, l => l.Among.SequenceEqual(["a", "b"]) && l.Places == 1);

        // 80.0004% against 80.0000%: equal to three decimals, the exact ratio decides.
        var close = HouseBlock(
            10_000,
            [Listed("top", 1), Listed("a", 2, "d1", "a"), Listed("b", 2, "d2", "b"), Listed("c", 2, "d3", "c")],
            District("d1", ("x", 250_000), ("a", 200_001)),
            District("d2", ("y", 2000), ("b", 1600)),
            District("d3", ("z", 1000), ("c", 600)));
        var decided = ResultsEngine.Compute(close).Contests.Single(c => c.Id == "block");
        Assert.Equal(2, decided.Of("a").ElectedOrder);
        Assert.Equal(3, decided.Of("b").ElectedOrder);
        Assert.Equal("80.000", decided.Of("a").LossRatio!.Percent);
        Assert.Contains(decided.Flags, f => f.Code == FlagCode.LossRatioEqualAtThreeDecimals);
    }

    [Fact]
    public void Councillors_list_totals_add_personal_votes_and_priority_members_come_first()
    {
        var contest = new Contest
        {
            Id = "national",
            Kind = ElectionKind.CouncillorsProportional,
            Seats = 4,
            Parties = [new Party { Id = "A", Name = "甲党" }, new Party { Id = "B", Name = "乙党" }],
            Candidates =
            [
                new Candidate { Id = "a-priority", Name = "特定", Party = "A", Priority = true, ListRank = 1 },
                new Candidate { Id = "a1", Name = "甲一", Party = "A" },
                new Candidate { Id = "a2", Name = "甲二", Party = "A" },
                new Candidate { Id = "b1", Name = "乙一", Party = "B" },
            ],
            Tallies =
            [
                new CountingDistrictTally
                {
                    CountingDistrict = "全国",
                    PartyVotes = new Dictionary<string, Votes> { ["A"] = Votes.FromBallots(3000), ["B"] = Votes.FromBallots(1000) },
                    CandidateVotes = new Dictionary<string, Votes> { ["a-priority"] = Votes.FromBallots(10), ["a1"] = Votes.FromBallots(500), ["a2"] = Votes.FromBallots(2000), ["b1"] = Votes.FromBallots(200) },
                    // "甲" names party A and candidate a1 alike: divided 3000 : 500.
                    Ambiguous = [new AmbiguousVote { Text = "甲", Votes = 7, Parties = ["A"], Candidates = ["a1"] }],
                },
            ],
        };
        var result = Build.Run(contest);
        var a = result.Parties.Single(p => p.Id == "A");
        Assert.Equal(Rational.FromInteger(3000 + 10 + 500 + 2000 + 7), a.ExactVotes);
        Assert.Equal(Rational.FromInteger(500) + Rational.FromInteger(1), result.Of("a1").ExactVotes);
        Assert.Equal(3, a.Seats);
        Assert.Equal(1, result.Of("a-priority").ElectedOrder);
        Assert.Equal(2, result.Of("a2").ElectedOrder);
        Assert.Equal(3, result.Of("a1").ElectedOrder);
        Assert.Equal(1, result.Parties.Single(p => p.Id == "B").Seats);
    }
}

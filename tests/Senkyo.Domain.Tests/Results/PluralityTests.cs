using Senkyo.Domain.Results;

namespace Senkyo.Domain.Tests.Results;

/// <summary>当選人 by most votes with 法定得票数 (法95①), ties by lot (法95②), 没収点 (法93①).</summary>
public sealed class PluralityTests
{
    [Fact]
    public void Single_member_district_winner_needs_one_sixth_and_others_under_one_tenth_forfeit()
    {
        var result = Build.Run(Build.Plurality(ElectionKind.HouseSingleMember, 1, ("a", 50_000), ("b", 40_000), ("c", 9_999)));
        Assert.Equal(CandidateStatus.Elected, result.Of("a").Status);
        Assert.Equal(Rational.Create(99_999, 6), result.MinimumVoteToWin);
        Assert.Equal("9999.900", result.DepositForfeitThreshold!.Value.ToDecimalString(3));
        Assert.True(result.Of("c").ForfeitsDeposit);
        Assert.False(result.Of("b").ForfeitsDeposit);
        Assert.Contains(result.Flags, f => f.Code == FlagCode.DepositForfeited && f.Message.Contains("c has", StringComparison.Ordinal));
    }

    [Fact]
    public void A_mayor_below_one_quarter_is_not_elected_and_the_seat_stays_unfilled()
    {
        // Valid 100,000: the leader has 24,999 < 25,000 (法95①四).
        var result = Build.Run(Build.Plurality(ElectionKind.Mayor, 1, ("a", 24_999), ("b", 24_998), ("c", 25_001 - 1), ("d", 25_002)));
        Assert.Equal(CandidateStatus.Elected, result.Of("d").Status);
        var low = Build.Run(Build.Plurality(ElectionKind.Mayor, 1, ("a", 24_000), ("b", 23_000), ("c", 22_000), ("d", 21_000), ("e", 10_000)));
        Assert.Empty(low.Winners);
        Assert.Contains(low.Flags, f => f.Code == FlagCode.SeatsUnfilled);
        Assert.Contains(low.Flags, f => f.Code == FlagCode.BelowMinimumVote);
        Assert.False(low.Of("a").ReachedMinimumVote);
    }

    [Fact]
    public void A_tie_at_the_last_seat_is_left_to_a_lot_never_chosen()
    {
        var contest = Build.Plurality(ElectionKind.MunicipalAssembly, 2, ("a", 500), ("b", 300), ("c", 300), ("d", 100));
        var result = Build.Run(contest);
        Assert.Equal(CandidateStatus.Elected, result.Of("a").Status);
        Assert.Equal(CandidateStatus.LotPending, result.Of("b").Status);
        Assert.Equal(CandidateStatus.LotPending, result.Of("c").Status);
        var lot = Assert.Single(result.PendingLots);
        Assert.Equal(["b", "c"], lot.Among);
        Assert.Equal(1, lot.Places);
        Assert.Contains(result.Flags, f => f.Code == FlagCode.LotRequired);

        var drawn = Build.Run(contest with { Lots = [new LotRecord { Among = ["c", "b"], Drawn = ["c", "b"] }] });
        Assert.Equal(CandidateStatus.Elected, drawn.Of("c").Status);
        Assert.Equal(2, drawn.Of("c").ElectedOrder);
        Assert.Equal(CandidateStatus.NotElected, drawn.Of("b").Status);
        Assert.Empty(drawn.PendingLots);
        Assert.Contains(drawn.Flags, f => f.Code == FlagCode.DecidedByLot);
    }

    [Fact]
    public void Assembly_thresholds_divide_by_the_full_seats_even_at_a_by_election()
    {
        // 定数 40, by-election for 1 seat, 8,000 valid: minimum 8000 / 40 / 4 = 50, forfeit 8000 / 40 / 10 = 20.
        var contest = Build.Plurality(ElectionKind.MunicipalAssembly, 1, ("a", 4_000), ("b", 3_985), ("c", 15)) with { ByElection = true, FullSeats = 40 };
        var result = Build.Run(contest);
        Assert.Equal(Rational.FromInteger(50), result.MinimumVoteToWin);
        Assert.Equal(Rational.FromInteger(20), result.DepositForfeitThreshold);
        Assert.True(result.Of("c").ForfeitsDeposit);
    }

    [Fact]
    public void Councillors_district_uses_one_sixth_and_one_eighth_of_valid_per_seat()
    {
        var result = Build.Run(Build.Plurality(ElectionKind.CouncillorsDistrict, 2, ("a", 600), ("b", 300), ("c", 100), ("d", 62), ("e", 1)));
        // valid 1063, per seat 531.5: minimum 88.58…, forfeit 66.4375
        Assert.Equal(Rational.Create(1063, 12), result.MinimumVoteToWin);
        Assert.Equal(Rational.Create(1063, 16), result.DepositForfeitThreshold);
        Assert.Equal(["a", "b"], result.Winners.Select(w => w.Id));
        Assert.True(result.Of("d").ForfeitsDeposit);
        Assert.False(result.Of("c").ForfeitsDeposit);
    }

    [Fact]
    public void Exact_shares_are_kept_beside_the_published_figures()
    {
        // a: 100 + 1/3·2 = 100.666…; b: 100 + 2/3·1… built so both print 100.666 but a > b exactly.
        var contest = new Contest
        {
            Id = "m",
            Kind = ElectionKind.MunicipalAssembly,
            Seats = 1,
            FullSeats = 1,
            Candidates = [new Candidate { Id = "a", Name = "山田一" }, new Candidate { Id = "b", Name = "山田二" }, new Candidate { Id = "z", Name = "他" }],
            Tallies =
            [
                new CountingDistrictTally
                {
                    CountingDistrict = "1",
                    CandidateVotes = new Dictionary<string, Votes> { ["a"] = Votes.FromThousandths(100_666), ["b"] = Votes.FromThousandths(100_000), ["z"] = Votes.FromBallots(1) },
                    Ambiguous = [new AmbiguousVote { Text = "山田", Votes = 1, Candidates = ["a", "b"] }],
                    ValidVotes = 203,
                },
            ],
        };
        var result = Build.Run(contest);
        // a gets 1·100666/200666, b gets 1·100000/200666 = 0.498… → 100.498; a → 101.167…
        Assert.Equal(CandidateStatus.Elected, result.Of("a").Status);
        Assert.Equal("101.167", result.Of("a").Votes.ToString());
        Assert.DoesNotContain(result.Flags, f => f.Code == FlagCode.ExactFractionDecides);

        var close = contest with
        {
            Tallies =
            [
                new CountingDistrictTally
                {
                    CountingDistrict = "1",
                    CandidateVotes = new Dictionary<string, Votes> { ["a"] = Votes.FromBallots(2), ["b"] = Votes.FromBallots(1), ["z"] = Votes.FromBallots(1) },
                    Ambiguous =
                    [
                        new AmbiguousVote { Text = "山田", Votes = 1, Candidates = ["a", "b"] },
                        new AmbiguousVote { Text = "一", Votes = 1, Candidates = ["b", "z"] },
                    ],
                },
            ],
        };
        var tight = Build.Run(close);
        // a: 2 + 2/3 = 2.666…; b: 1 + 1/3 + 1/2 = 1.833…; clear, no flag — but the exact values are kept.
        Assert.Equal(Rational.Create(8, 3), tight.Of("a").ExactVotes);
        Assert.Equal("2.666", tight.Of("a").Votes.ToString());
        Assert.Equal(Rational.Create(11, 6), tight.Of("b").ExactVotes);
    }

    [Fact]
    public void Published_equal_but_exactly_different_is_flagged()
    {
        // Two districts: a gets 1/3 + 1/3 (published 0.333 + 0.333 = 0.666) while exact is 2/3 = 0.666…;
        // b gets a definite 0.666 from an already-apportioned figure. Published tie, exact a > b.
        var contest = new Contest
        {
            Id = "m",
            Kind = ElectionKind.MunicipalAssembly,
            Seats = 1,
            Candidates = [new Candidate { Id = "a", Name = "甲" }, new Candidate { Id = "b", Name = "乙" }, new Candidate { Id = "c", Name = "丙" }],
            Tallies =
            [
                new CountingDistrictTally { CountingDistrict = "1", CandidateVotes = new Dictionary<string, Votes> { ["a"] = Votes.FromBallots(1), ["c"] = Votes.FromBallots(2) }, Ambiguous = [new AmbiguousVote { Text = "x", Votes = 1, Candidates = ["a", "c"] }] },
                new CountingDistrictTally { CountingDistrict = "2", CandidateVotes = new Dictionary<string, Votes> { ["a"] = Votes.FromBallots(1), ["c"] = Votes.FromBallots(2) }, Ambiguous = [new AmbiguousVote { Text = "x", Votes = 1, Candidates = ["a", "c"] }] },
                new CountingDistrictTally { CountingDistrict = "3", CandidateVotes = new Dictionary<string, Votes> { ["b"] = Votes.FromThousandths(2_666) }, ValidVotes = 3 },
            ],
        };
        var result = Build.Run(contest);
        // a: 2 + 2/3 exact, published 2.666; b: 2.666. c: 4 + 4/3 → winner; compare a vs b for seat 2 with seats=2.
        var two = Build.Run(contest with { Seats = 2 });
        Assert.Equal("2.666", two.Of("a").Votes.ToString());
        Assert.Equal("2.666", two.Of("b").Votes.ToString());
        Assert.Equal(CandidateStatus.Elected, two.Of("a").Status);
        Assert.Equal(CandidateStatus.NotElected, two.Of("b").Status);
        Assert.Contains(two.Flags, f => f.Code == FlagCode.ExactFractionDecides);
        Assert.Equal(CandidateStatus.Elected, result.Of("c").Status);
    }

    [Fact]
    public void A_referendum_tie_is_reported_without_a_lot()
    {
        var result = Build.Run(Build.Plurality(ElectionKind.Referendum, 1, ("yes", 1000), ("no", 1000)));
        Assert.Empty(result.Winners);
        Assert.Empty(result.PendingLots);
        Assert.Contains(result.Flags, f => f.Code == FlagCode.ReferendumTie);
        Assert.Null(result.MinimumVoteToWin);
        Assert.Null(result.DepositForfeitThreshold);
    }
}

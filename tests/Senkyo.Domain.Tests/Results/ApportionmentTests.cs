using CsCheck;
using Senkyo.Domain.Results;

namespace Senkyo.Domain.Tests.Results;

/// <summary>按分 (法68の2④): shares in proportion to definite votes per 開票区, cut after three decimals.</summary>
public sealed class ApportionmentTests
{
    private static Contest WithAmbiguous(long a, long b, long ambiguous) => new()
    {
        Id = "city",
        Kind = ElectionKind.MunicipalAssembly,
        Seats = 2,
        Candidates = [new Candidate { Id = "a", Name = "宮本一" }, new Candidate { Id = "b", Name = "宮本二" }, new Candidate { Id = "x", Name = "他" }],
        Tallies =
        [
            new CountingDistrictTally
            {
                CountingDistrict = "中央",
                CandidateVotes = new Dictionary<string, Votes> { ["a"] = Votes.FromBallots(a), ["b"] = Votes.FromBallots(b), ["x"] = Votes.FromBallots(10) },
                Ambiguous = [new AmbiguousVote { Text = "宮本", Votes = ambiguous, Candidates = ["a", "b"] }],
            },
        ],
    };

    [Fact]
    public void Shares_follow_definite_votes_and_are_truncated_after_three_decimals()
    {
        // 38 × 1500 / 2749 = 20.7348…, 38 × 1249 / 2749 = 17.2651…
        var result = Build.Run(WithAmbiguous(1500, 1249, 38));
        Assert.Equal("1520.734", result.Of("a").Votes.ToString());
        Assert.Equal("1266.265", result.Of("b").Votes.ToString());
        Assert.Equal(Rational.FromInteger(1500) + Rational.Create(38 * 1500, 2749), result.Of("a").ExactVotes);
        var shares = result.CountingDistricts[0].Apportionment;
        Assert.Equal(2, shares.Count);
        Assert.All(shares, s => Assert.Equal("宮本", s.Text));
        // Valid votes count ballots, not truncated shares.
        Assert.Equal(Rational.FromInteger(1500 + 1249 + 10 + 38), result.ValidVotes);
    }

    [Fact]
    public void Apportionment_is_per_counting_district()
    {
        var contest = WithAmbiguous(100, 100, 0) with
        {
            Tallies =
            [
                new CountingDistrictTally { CountingDistrict = "東", CandidateVotes = new Dictionary<string, Votes> { ["a"] = Votes.FromBallots(300), ["b"] = Votes.FromBallots(100) }, Ambiguous = [new AmbiguousVote { Text = "宮本", Votes = 4, Candidates = ["a", "b"] }] },
                new CountingDistrictTally { CountingDistrict = "西", CandidateVotes = new Dictionary<string, Votes> { ["a"] = Votes.FromBallots(100), ["b"] = Votes.FromBallots(300) }, Ambiguous = [new AmbiguousVote { Text = "宮本", Votes = 4, Candidates = ["a", "b"] }] },
            ],
        };
        var result = Build.Run(contest);
        // 3 + 1 in the east, 1 + 3 in the west: not 4 + 4 split by the city-wide 400:400.
        Assert.Equal("404", result.Of("a").Votes.ToString());
        Assert.Equal("404", result.Of("b").Votes.ToString());
        Assert.Equal(4, result.CountingDistricts.Sum(d => d.Apportionment.Count));
    }

    [Fact]
    public void Without_any_definite_vote_the_ballots_are_divided_equally_and_flagged()
    {
        var result = Build.Run(WithAmbiguous(0, 0, 3));
        Assert.Equal(Rational.Create(3, 2), result.Of("a").ExactVotes);
        Assert.Contains(result.Flags, f => f.Code == FlagCode.ApportionmentWithoutBase);
    }

    [Fact]
    public void Shares_never_exceed_the_ambiguous_ballots_and_exact_shares_add_up_to_them() =>
        Gen.Select(Gen.Long[0, 100_000].Array[2, 6], Gen.Long[0, 5_000]).Sample((definite, ballots) =>
        {
            var choices = definite.Select((d, i) => (Choice.OfCandidate("c" + i), Votes.FromBallots(d))).ToList();
            var shares = Apportionment.Divide(ballots, choices, out _);
            var exactSum = shares.Aggregate(Rational.Zero, (s, x) => s + x.Exact);
            var publishedSum = shares.Sum(x => x.Exact.TruncateToThousandths().Thousandths);
            return exactSum == Rational.FromInteger(ballots)
                && publishedSum <= ballots * Votes.Scale
                && shares.All(x => x.Exact.Sign >= 0 && x.Exact <= Rational.FromInteger(ballots));
        });
}

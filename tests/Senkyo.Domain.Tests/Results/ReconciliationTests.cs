using Senkyo.Domain.Results;

namespace Senkyo.Domain.Tests.Results;

/// <summary>投票者数 = 投票総数 + 持ち帰り・不足, and 投票総数 = valid + invalid: gaps are shown, never absorbed.</summary>
public sealed class ReconciliationTests
{
    private static Contest With(long voters, long inBox, long unaccounted, long blank) => new()
    {
        Id = "mayor",
        Kind = ElectionKind.Mayor,
        Seats = 1,
        Candidates = [new Candidate { Id = "a", Name = "甲" }, new Candidate { Id = "b", Name = "乙" }],
        Tallies =
        [
            new CountingDistrictTally
            {
                CountingDistrict = "北区",
                CandidateVotes = new Dictionary<string, Votes> { ["a"] = Votes.FromBallots(600), ["b"] = Votes.FromBallots(350) },
                Invalid = new Dictionary<string, long> { ["blank"] = blank, ["other-writing"] = 20 },
                VotersCheckedIn = voters,
                BallotsInBox = inBox,
                BallotsUnaccounted = unaccounted,
            },
        ],
    };

    [Fact]
    public void A_balanced_tally_raises_no_flag()
    {
        var result = Build.Run(With(1005, 1000, 5, 30));
        var district = Assert.Single(result.CountingDistricts);
        Assert.Equal(0, district.ReconciliationGap);
        Assert.Equal(50, district.InvalidVotes);
        Assert.DoesNotContain(result.Flags, f => f.Code is FlagCode.ReconciliationGap or FlagCode.BallotCountMismatch);
    }

    [Fact]
    public void Voters_not_matching_ballots_and_unaccounted_is_shown_as_a_gap()
    {
        var result = Build.Run(With(1010, 1000, 5, 30));
        Assert.Equal(5, result.CountingDistricts[0].ReconciliationGap);
        Assert.Contains(result.Flags, f => f.Code == FlagCode.ReconciliationGap && f.Message.Contains("gap 5", StringComparison.Ordinal));
    }

    [Fact]
    public void Blank_votes_that_do_not_add_up_to_the_box_are_flagged()
    {
        // 329 blank votes added on paper: valid 950 + invalid 349 ≠ 1000 ballots in the box.
        var result = Build.Run(With(1005, 1000, 5, 329));
        Assert.Contains(result.Flags, f => f.Code == FlagCode.BallotCountMismatch);
    }

    [Fact]
    public void A_declared_valid_count_that_disagrees_is_flagged()
    {
        var contest = With(1005, 1000, 5, 30);
        contest = contest with { Tallies = [contest.Tallies[0] with { ValidVotes = 960 }] };
        Assert.Contains(Build.Run(contest).Flags, f => f.Code == FlagCode.ValidVotesMismatch);
    }
}

using Senkyo.Domain.Register;

namespace Senkyo.Domain.Tests.Register;

/// <summary>A person who moved out and came back (A市→B市→A市): 法9②③, 法21②, 法28, 令16.</summary>
public sealed class ReturnerTests
{
    // 公示・告示 7/2, early voting 7/3–7/18, polling day 7/19.
    private static ElectionDates Election(ElectionLevel level) => new(level, Day.Of("2026-07-02"), Day.Of("2026-07-19"));

    private static readonly RegisterRecord Registered = new(Day.Of("2020-03-02"), RegistrationReason.ThreeMonthsAfterMoveIn);

    private static PersonHistory Returner(string movedOut, MoveDestination destination, string returned, MoveDestination? arrivedFrom) => new()
    {
        BirthDate = Day.Of("1980-05-05"),
        JapaneseNationality = [NationalityPeriod.FromBirth(Day.Of("1980-05-05"))],
        Residences =
        [
            new ResidencePeriod(Day.Of("2019-10-01"), Day.Of(movedOut), destination),
            new ResidencePeriod(Day.Of(returned), arrivedFrom: arrivedFrom),
        ],
    };

    // Out 5/10 to B, back 6/20: the new three months end 9/20, the old four months on 9/10.
    [Theory]
    [InlineData(ElectionLevel.National, MoveDestination.SamePrefecture, MoveDestination.SamePrefecture, VotingRefusal.None)]
    [InlineData(ElectionLevel.National, MoveDestination.OtherPrefecture, MoveDestination.OtherPrefecture, VotingRefusal.None)]
    [InlineData(ElectionLevel.Prefectural, MoveDestination.SamePrefecture, MoveDestination.SamePrefecture, VotingRefusal.None)]
    [InlineData(ElectionLevel.Prefectural, MoveDestination.SamePrefecture, null, VotingRefusal.None)] // origin not recorded: confirmed at the station (法44③)
    [InlineData(ElectionLevel.Prefectural, MoveDestination.SamePrefecture, MoveDestination.OtherPrefecture, VotingRefusal.MovedOutOfPrefecture)] // B→C (other prefecture)→A
    [InlineData(ElectionLevel.Prefectural, MoveDestination.OtherPrefecture, MoveDestination.OtherPrefecture, VotingRefusal.MovedOutOfPrefecture)]
    [InlineData(ElectionLevel.Municipal, MoveDestination.SamePrefecture, MoveDestination.SamePrefecture, VotingRefusal.ReturnedUnderThreeMonths)]
    [InlineData(ElectionLevel.Municipal, MoveDestination.OtherPrefecture, MoveDestination.OtherPrefecture, VotingRefusal.ReturnedUnderThreeMonths)]
    public void Before_three_months_back_the_earlier_move_decides(ElectionLevel level, MoveDestination destination, MoveDestination? arrivedFrom, VotingRefusal refusal)
    {
        var entry = Registered.Mark(Day.Of("2026-05-11"), MarkReason.MovedOut);
        var decision = VotingEligibility.Evaluate(Returner("2026-05-10", destination, "2026-06-20", arrivedFrom), entry, Election(level), Day.Of("2026-07-19"));
        Assert.Equal(refusal, decision.Refusal);
        Assert.Equal(refusal == VotingRefusal.None, decision.CanVote);
        Assert.Equal(level == ElectionLevel.Prefectural && decision.CanVote, decision.NeedsProofOfResidenceInPrefecture);
        if (refusal == VotingRefusal.ReturnedUnderThreeMonths)
        {
            Assert.Equal(
                "この日は投票できません：令和8年5月10日に転出し、令和8年6月20日に再転入しており、再転入から3か月となるのは令和8年9月20日です。" +
                "再転入から引き続き3か月たつまで、この市区町村の選挙の選挙権がありません（法9②）。",
                decision.Explanation);
        }
    }

    [Theory]
    [InlineData(ElectionLevel.National)]
    [InlineData(ElectionLevel.Prefectural)]
    [InlineData(ElectionLevel.Municipal)]
    public void Three_months_back_restores_every_level(ElectionLevel level)
    {
        // Out 2/10, back 3/01: three months end 6/1, before the election.
        var person = Returner("2026-02-10", MoveDestination.OtherPrefecture, "2026-03-01", MoveDestination.OtherPrefecture);
        var decision = VotingEligibility.Evaluate(person, Registered.Mark(Day.Of("2026-02-11"), MarkReason.MovedOut), Election(level), Day.Of("2026-07-19"));
        Assert.True(decision.CanVote);
        Assert.False(decision.NeedsProofOfResidenceInPrefecture);
    }

    [Fact]
    public void Four_months_after_the_move_out_refuses_a_returner_not_yet_three_months_back()
    {
        // Out 3/10 (four months passed at the end of 7/10), back 5/01 (three months on 8/1).
        var person = Returner("2026-03-10", MoveDestination.SamePrefecture, "2026-05-01", MoveDestination.SamePrefecture);
        var entry = Registered.Mark(Day.Of("2026-03-11"), MarkReason.MovedOut);
        var election = Election(ElectionLevel.National);
        Assert.True(VotingEligibility.Evaluate(person, entry, election, Day.Of("2026-07-10")).CanVote);
        var decision = VotingEligibility.Evaluate(person, entry, election, Day.Of("2026-07-11"));
        Assert.Equal(VotingRefusal.FourMonthsSinceMoveOut, decision.Refusal);
        Assert.Contains("再転入から3か月となるのは令和8年8月1日", decision.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Registration_falls_through_to_article_21_2_for_a_returner()
    {
        // Never registered here (turns 18 on 7/14); out 5/10, back 6/15; 選挙時登録 基準日 7/1.
        var person = Returner("2026-05-10", MoveDestination.SamePrefecture, "2026-06-15", MoveDestination.SamePrefecture) with { BirthDate = Day.Of("2008-07-15") };
        var decision = ElectionRegistration.Evaluate(person, Election(ElectionLevel.National));
        Assert.True(decision.Eligible);
        Assert.Equal(RegistrationBasis.MovedOutBeforeRegistration, decision.Basis);

        // Out before three months here: neither rule registers, and the refusal names the new residence.
        var tooShort = person with
        {
            Residences = [new ResidencePeriod(Day.Of("2026-03-01"), Day.Of("2026-05-10")), new ResidencePeriod(Day.Of("2026-06-15"))],
        };
        Assert.Equal(RegistrationRefusal.ResidenceUnderThreeMonths, ElectionRegistration.Evaluate(tooShort, Election(ElectionLevel.National)).Refusal);
    }

    [Fact]
    public void The_move_out_mark_is_made_then_cleared_when_three_months_back_come_first()
    {
        // Out 5/10, back 5/25: three months end 8/25, before the four months end on 9/10.
        var person = Returner("2026-05-10", MoveDestination.SamePrefecture, "2026-05-25", MoveDestination.SamePrefecture);
        var mark = RegisterMaintenance.Due(person, Registered, Day.Of("2026-06-01"));
        Assert.Equal(new MarkChange(Day.Of("2026-05-11"), MarkReason.MovedOut), mark);
        var marked = mark!.ApplyTo(Registered);
        Assert.Null(RegisterMaintenance.Due(person, marked, Day.Of("2026-08-24")));
        var clear = RegisterMaintenance.Due(person, marked, Day.Of("2026-08-30"));
        Assert.Equal(new ClearMarkChange(Day.Of("2026-08-25"), MarkReason.MovedOut), clear);
        var cleared = clear!.ApplyTo(marked);
        Assert.Equal(ElectorStatus.Elector, cleared.StatusOn(Day.Of("2026-08-25")));
        Assert.Equal(ElectorStatus.Marked, cleared.StatusOn(Day.Of("2026-08-24")));
        Assert.Null(RegisterMaintenance.Due(person, cleared, Day.Of("2026-12-01")));
    }

    [Fact]
    public void Four_months_passing_first_deletes_under_article_28()
    {
        // Out 5/10, back 6/20: the four months end 9/10, the new three months on 9/20.
        var person = Returner("2026-05-10", MoveDestination.SamePrefecture, "2026-06-20", MoveDestination.SamePrefecture);
        var marked = Registered.Mark(Day.Of("2026-05-11"), MarkReason.MovedOut);
        Assert.Null(RegisterMaintenance.Due(person, marked, Day.Of("2026-09-10")));
        Assert.Equal(new DeleteChange(Day.Of("2026-09-11"), DeletionReason.FourMonthsAfterMoveOut), RegisterMaintenance.Due(person, marked, Day.Of("2026-09-25")));

        // The entry made anew after the return owes nothing for the old move-out.
        var anew = new RegisterRecord(Day.Of("2026-12-01"), RegistrationReason.ThreeMonthsAfterMoveIn);
        Assert.Null(RegisterMaintenance.Due(person, anew, Day.Of("2026-12-05")));
    }

    [Fact]
    public void When_both_fall_due_on_the_same_day_the_clear_wins()
    {
        // Out 5/10 → deletion due 9/11; back 6/11 → three months end 9/11.
        var person = Returner("2026-05-10", MoveDestination.SamePrefecture, "2026-06-11", MoveDestination.SamePrefecture);
        var marked = Registered.Mark(Day.Of("2026-05-11"), MarkReason.MovedOut);
        Assert.Equal(new ClearMarkChange(Day.Of("2026-09-11"), MarkReason.MovedOut), RegisterMaintenance.Due(person, marked, Day.Of("2026-09-11")));
    }
}

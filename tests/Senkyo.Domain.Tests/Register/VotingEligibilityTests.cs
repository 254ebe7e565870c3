using CsCheck;
using Senkyo.Domain.Register;

namespace Senkyo.Domain.Tests.Register;

public sealed class VotingEligibilityTests
{
    // 公示 7/2, early voting 7/3–7/18, polling day 7/19.
    private static ElectionDates Election(ElectionLevel level) => new(level, Day.Of("2026-07-02"), Day.Of("2026-07-19"));

    private static readonly RegisterRecord Registered = new(Day.Of("2020-03-02"), RegistrationReason.ThreeMonthsAfterMoveIn);

    private static PersonHistory Elector() => PersonHistory.JapaneseResident(Day.Of("1980-05-05"), Day.Of("2019-10-01"));

    private static PersonHistory MovedOut(string on, MoveDestination destination) => Elector() with
    {
        Residences = [new ResidencePeriod(Day.Of("2019-10-01"), Day.Of(on), destination)],
    };

    [Fact]
    public void A_registered_resident_may_vote_on_every_day_of_the_window()
    {
        var election = Election(ElectionLevel.Municipal);
        for (var day = election.FirstEarlyVotingDay; day <= election.PollingDay; day = day.AddDays(1))
        {
            var decision = VotingEligibility.Evaluate(Elector(), Registered, election, day);
            Assert.True(decision.CanVote);
            Assert.Equal("この日は投票できます。", decision.Explanation);
            Assert.Equal(ElectorStatus.Elector, decision.RegisterStatus);
        }
    }

    [Theory]
    [InlineData("2026-07-02")] // announcement day
    [InlineData("2026-07-20")] // after polling day
    public void Outside_the_window_no_one_votes(string day)
    {
        var decision = VotingEligibility.Evaluate(Elector(), Registered, Election(ElectionLevel.National), Day.Of(day));
        Assert.Equal(VotingRefusal.OutsideVotingPeriod, decision.Refusal);
        Assert.StartsWith("この日は投票できません：", decision.Explanation, StringComparison.Ordinal);
    }

    // A marked (moved-out) elector on polling day 7/19, by level and destination.
    [Theory]
    [InlineData(ElectionLevel.National, MoveDestination.OtherPrefecture, true, VotingRefusal.None)]
    [InlineData(ElectionLevel.National, MoveDestination.SamePrefecture, true, VotingRefusal.None)]
    [InlineData(ElectionLevel.Prefectural, MoveDestination.SamePrefecture, true, VotingRefusal.None)]
    [InlineData(ElectionLevel.Prefectural, MoveDestination.OtherPrefecture, false, VotingRefusal.MovedOutOfPrefecture)]
    [InlineData(ElectionLevel.Municipal, MoveDestination.SamePrefecture, false, VotingRefusal.MovedOutOfMunicipality)]
    [InlineData(ElectionLevel.Municipal, MoveDestination.OtherPrefecture, false, VotingRefusal.MovedOutOfMunicipality)]
    public void A_marked_elector_depends_on_the_election_level(ElectionLevel level, MoveDestination destination, bool canVote, VotingRefusal refusal)
    {
        var entry = Registered.Mark(Day.Of("2026-05-10"), MarkReason.MovedOut);
        var decision = VotingEligibility.Evaluate(MovedOut("2026-05-10", destination), entry, Election(level), Day.Of("2026-07-19"));
        Assert.Equal(canVote, decision.CanVote);
        Assert.Equal(refusal, decision.Refusal);
        Assert.Equal(ElectorStatus.Marked, decision.RegisterStatus);
        Assert.Equal(level == ElectionLevel.Prefectural && canVote, decision.NeedsProofOfResidenceInPrefecture);
    }

    [Theory]
    [InlineData("2026-03-20", true)] // 3 months 29 days before polling day
    [InlineData("2026-03-19", true)] // 4 months after 3/19 end on 7/19: polling day is the last day
    [InlineData("2026-03-18", false)] // 4 months passed at the end of 7/18
    public void Moved_out_three_months_twenty_nine_days_versus_four_months(string movedOut, bool canVote)
    {
        var entry = Registered.Mark(Day.Of(movedOut), MarkReason.MovedOut);
        var decision = VotingEligibility.Evaluate(MovedOut(movedOut, MoveDestination.OtherPrefecture), entry, Election(ElectionLevel.National), Day.Of("2026-07-19"));
        Assert.Equal(canVote, decision.CanVote);
        Assert.Equal(canVote ? VotingRefusal.None : VotingRefusal.FourMonthsSinceMoveOut, decision.Refusal);
    }

    [Theory]
    [InlineData("2026-07-19", true)] // moved out on polling day itself: still resident that day
    [InlineData("2026-07-18", false)]
    public void Municipal_election_needs_an_address_on_the_day(string movedOut, bool canVote) =>
        Assert.Equal(canVote, VotingEligibility.Evaluate(MovedOut(movedOut, MoveDestination.SamePrefecture), Registered, Election(ElectionLevel.Municipal), Day.Of("2026-07-19")).CanVote);

    [Fact]
    public void Death_between_registration_and_polling_day()
    {
        var person = Elector() with { DeathDate = Day.Of("2026-07-10") };
        var election = Election(ElectionLevel.National);
        Assert.True(VotingEligibility.Evaluate(person, Registered, election, Day.Of("2026-07-09")).CanVote); // early vote stays valid
        var onPollingDay = VotingEligibility.Evaluate(person, Registered, election, Day.Of("2026-07-19"));
        Assert.Equal(VotingRefusal.Deceased, onPollingDay.Refusal);
        Assert.Equal("この日は投票できません：死亡しています。", onPollingDay.Explanation);
    }

    [Fact]
    public void A_deletion_inside_the_early_voting_period_counts_from_its_date()
    {
        var entry = Registered.Mark(Day.Of("2026-03-09"), MarkReason.MovedOut).Delete(Day.Of("2026-07-10"), DeletionReason.FourMonthsAfterMoveOut);
        var person = MovedOut("2026-03-09", MoveDestination.OtherPrefecture);
        var election = Election(ElectionLevel.National);
        Assert.True(VotingEligibility.Evaluate(person, entry, election, Day.Of("2026-07-09")).CanVote);
        var after = VotingEligibility.Evaluate(person, entry, election, Day.Of("2026-07-10"));
        Assert.Equal(VotingRefusal.Deleted, after.Refusal);
        Assert.Equal(ElectorStatus.Deleted, after.RegisterStatus);
        Assert.Contains("転出4か月経過", after.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Four_months_passed_refuses_even_before_the_register_is_updated()
    {
        var entry = Registered.Mark(Day.Of("2026-03-09"), MarkReason.MovedOut);
        var decision = VotingEligibility.Evaluate(MovedOut("2026-03-09", MoveDestination.OtherPrefecture), entry, Election(ElectionLevel.National), Day.Of("2026-07-10"));
        Assert.Equal(VotingRefusal.FourMonthsSinceMoveOut, decision.Refusal);
    }

    [Fact]
    public void Age_is_judged_on_the_day_of_voting_for_early_voting()
    {
        var election = Election(ElectionLevel.National);
        var turns18OnPollingDay = PersonHistory.JapaneseResident(Day.Of("2008-07-20"), Day.Of("2010-01-01"));
        var early = VotingEligibility.Evaluate(turns18OnPollingDay, Registered, election, Day.Of("2026-07-18"));
        Assert.False(early.CanVote);
        Assert.Equal(VotingRefusal.UnderAge, early.Refusal);
        Assert.True(early.MayVoteAbsentee);
        Assert.Contains("不在者投票", early.Explanation, StringComparison.Ordinal);
        Assert.True(VotingEligibility.Evaluate(turns18OnPollingDay, Registered, election, Day.Of("2026-07-19")).CanVote);

        var turns18DayBefore = PersonHistory.JapaneseResident(Day.Of("2008-07-19"), Day.Of("2010-01-01"));
        Assert.True(VotingEligibility.Evaluate(turns18DayBefore, Registered, election, Day.Of("2026-07-18")).CanVote);
        Assert.False(VotingEligibility.Evaluate(turns18DayBefore, Registered, election, Day.Of("2026-07-17")).CanVote);
    }

    [Fact]
    public void Not_registered_or_disqualified_cannot_vote()
    {
        var election = Election(ElectionLevel.National);
        Assert.Equal(VotingRefusal.NotRegistered, VotingEligibility.Evaluate(Elector(), null, election, Day.Of("2026-07-19")).Refusal);
        var later = new RegisterRecord(Day.Of("2026-09-01"), RegistrationReason.ThreeMonthsAfterMoveIn);
        Assert.Equal(VotingRefusal.NotRegistered, VotingEligibility.Evaluate(Elector(), later, election, Day.Of("2026-07-19")).Refusal);

        var marked = Registered.Mark(Day.Of("2026-01-15"), MarkReason.LostVotingRight);
        var decision = VotingEligibility.Evaluate(Elector(), marked, election, Day.Of("2026-07-19"));
        Assert.Equal(VotingRefusal.Disqualified, decision.Refusal);
        Assert.Equal(ElectorStatus.Disqualified, decision.RegisterStatus);

        var restored = marked.ClearMark(MarkReason.LostVotingRight, Day.Of("2026-07-01"));
        Assert.True(VotingEligibility.Evaluate(Elector(), restored, election, Day.Of("2026-07-19")).CanVote);
    }

    [Fact]
    public void A_foreign_resident_who_naturalizes_is_registered_and_votes()
    {
        var person = new PersonHistory
        {
            BirthDate = Day.Of("1988-11-11"),
            JapaneseNationality = [NationalityPeriod.Naturalized(Day.Of("2026-05-01"))],
            Residences = [new ResidencePeriod(Day.Of("2012-04-01"))],
        };
        var election = Election(ElectionLevel.Municipal);
        var registration = ElectionRegistration.Evaluate(person, election);
        Assert.True(registration.Eligible);
        var entry = new RegisterRecord(ElectionRegistration.BaseDate(election), registration.Reason!.Value);
        Assert.True(VotingEligibility.Evaluate(person, entry, election, Day.Of("2026-07-19")).CanVote);

        var notYet = person with { JapaneseNationality = [NationalityPeriod.Naturalized(Day.Of("2026-07-10"))] };
        Assert.False(ElectionRegistration.Evaluate(notYet, election).Eligible);
        Assert.Equal(VotingRefusal.NotJapaneseNational, VotingEligibility.Evaluate(notYet, entry, election, Day.Of("2026-07-09")).Refusal);
    }

    [Fact]
    public void A_move_abroad_keeps_no_national_vote_at_the_old_place()
    {
        var entry = Registered.Mark(Day.Of("2026-05-11"), MarkReason.MovedOut);
        var person = MovedOut("2026-05-10", MoveDestination.Abroad);
        var national = VotingEligibility.Evaluate(person, entry, Election(ElectionLevel.National), Day.Of("2026-07-19"));
        Assert.False(national.CanVote);
        Assert.Equal(VotingRefusal.MovedAbroad, national.Refusal);
        Assert.Equal(
            "この日は投票できません：令和8年5月10日に国外へ転出しているため、この選挙人名簿では投票できません。国外では在外選挙人名簿に登録されると在外投票ができます（法30の2〜）。",
            national.Explanation);

        var prefectural = VotingEligibility.Evaluate(person, entry, Election(ElectionLevel.Prefectural), Day.Of("2026-07-19"));
        Assert.Equal(VotingRefusal.MovedOutOfPrefecture, prefectural.Refusal);
        Assert.Contains("国外に転出したため", prefectural.Explanation, StringComparison.Ordinal);

        // A domestic move the same day still votes at the old place.
        Assert.True(VotingEligibility.Evaluate(MovedOut("2026-05-10", MoveDestination.OtherPrefecture), entry, Election(ElectionLevel.National), Day.Of("2026-07-19")).CanVote);
    }

    [Fact]
    public void A_stale_lost_right_mark_is_named_as_such()
    {
        var marked = Registered.Mark(Day.Of("2026-01-10"), MarkReason.LostVotingRight);
        var restored = Elector() with { Disqualifications = [new DisqualificationPeriod(Day.Of("2026-01-10"), Day.Of("2026-06-01"), DisqualificationBasis.Article11)] };
        var decision = VotingEligibility.Evaluate(restored, marked, Election(ElectionLevel.National), Day.Of("2026-07-19"));
        Assert.False(decision.CanVote);
        Assert.Equal(VotingRefusal.StaleDisqualificationMark, decision.Refusal);
        Assert.Contains("令16により表示を消除してから", decision.Explanation, StringComparison.Ordinal);

        // Still without the right: a plain refusal.
        var still = Elector() with { Disqualifications = [new DisqualificationPeriod(Day.Of("2026-01-10"), Day.Of("2026-09-01"), DisqualificationBasis.Article252)] };
        Assert.Equal(VotingRefusal.Disqualified, VotingEligibility.Evaluate(still, marked, Election(ElectionLevel.National), Day.Of("2026-07-19")).Refusal);
    }

    [Fact]
    public void Same_day_elections_are_judged_each_by_its_own_level_and_window()
    {
        // 同日選挙: 参院選 公示 7/2 and 市長選 告示 7/12, both polling on 7/19; one marked elector moved within the prefecture on 7/10.
        var national = new ElectionDates(ElectionLevel.National, Day.Of("2026-07-02"), Day.Of("2026-07-19"));
        var municipal = new ElectionDates(ElectionLevel.Municipal, Day.Of("2026-07-12"), Day.Of("2026-07-19"));
        var movedOut = MovedOut("2026-07-10", MoveDestination.SamePrefecture);
        var marked = Registered.Mark(Day.Of("2026-07-11"), MarkReason.MovedOut);

        Assert.True(VotingEligibility.Evaluate(movedOut, marked, national, Day.Of("2026-07-19")).CanVote);
        Assert.Equal(VotingRefusal.MovedOutOfMunicipality, VotingEligibility.Evaluate(movedOut, marked, municipal, Day.Of("2026-07-19")).Refusal);
        Assert.True(VotingEligibility.Evaluate(movedOut, marked, national, Day.Of("2026-07-11")).CanVote);
        Assert.Equal(VotingRefusal.OutsideVotingPeriod, VotingEligibility.Evaluate(movedOut, marked, municipal, Day.Of("2026-07-11")).Refusal);

        // A resident elector: national early voting from 7/3, municipal only from 7/13.
        Assert.True(VotingEligibility.Evaluate(Elector(), Registered, national, Day.Of("2026-07-11")).CanVote);
        Assert.Equal(VotingRefusal.OutsideVotingPeriod, VotingEligibility.Evaluate(Elector(), Registered, municipal, Day.Of("2026-07-12")).Refusal);
        Assert.True(VotingEligibility.Evaluate(Elector(), Registered, municipal, Day.Of("2026-07-13")).CanVote);
        Assert.True(VotingEligibility.Evaluate(Elector(), Registered, municipal, Day.Of("2026-07-19")).CanVote);
    }

    [Fact]
    public void A_registered_resident_of_age_may_vote_on_any_day_of_any_election() =>
        Gen.Select(Gen.Int[new DateOnly(2000, 1, 1).DayNumber, new DateOnly(2090, 1, 1).DayNumber], Gen.Int[5, 30], Gen.Int[0, 29], Gen.Enum<ElectionLevel>())
            .Sample((announcement, length, offset, level) =>
            {
                var election = new ElectionDates(level, DateOnly.FromDayNumber(announcement), DateOnly.FromDayNumber(announcement + length));
                var day = DateOnly.FromDayNumber(announcement + 1 + (offset % length));
                var person = PersonHistory.JapaneseResident(election.AnnouncementDay.AddYears(-30), election.AnnouncementDay.AddYears(-1));
                var entry = new RegisterRecord(election.AnnouncementDay.AddDays(-1), RegistrationReason.ThreeMonthsAfterMoveIn);
                Assert.True(VotingEligibility.Evaluate(person, entry, election, day).CanVote);
            });
}

using CsCheck;
using Senkyo.Domain.Register;

namespace Senkyo.Domain.Tests.Register;

public sealed class RegistrationEligibilityTests
{
    private static PersonHistory Resident(string birth, string since) => PersonHistory.JapaneseResident(Day.Of(birth), Day.Of(since));

    [Theory]
    [InlineData("1990-01-01", "2026-06-01", "2026-09-01", true, RegistrationRefusal.None)] // exactly 3 months: 6/2 … 9/1
    [InlineData("1990-01-01", "2026-06-02", "2026-09-01", false, RegistrationRefusal.ResidenceUnderThreeMonths)] // one day later
    [InlineData("1990-01-01", "2025-12-01", "2026-03-01", true, RegistrationRefusal.None)]
    [InlineData("1990-01-01", "2025-12-02", "2026-03-01", false, RegistrationRefusal.ResidenceUnderThreeMonths)]
    [InlineData("1990-01-01", "2025-11-30", "2026-03-01", true, RegistrationRefusal.None)]
    [InlineData("2008-09-02", "2010-01-01", "2026-09-01", true, RegistrationRefusal.None)] // born on the cut-off day
    [InlineData("2008-09-03", "2010-01-01", "2026-09-01", false, RegistrationRefusal.UnderAge)] // one day after
    public void Three_months_and_age_at_the_reference_date(string birth, string since, string reference, bool eligible, RegistrationRefusal refusal)
    {
        var decision = RegistrationEligibility.Evaluate(Resident(birth, since), Day.Of(reference));
        Assert.Equal(eligible, decision.Eligible);
        Assert.Equal(refusal, decision.Refusal);
        Assert.False(string.IsNullOrWhiteSpace(decision.Explanation));
    }

    /// <summary>The wording a clerk reads for each answer, with its day in 和暦 where it names one.</summary>
    [Theory]
    [InlineData(true, RegistrationBasis.Resident, RegistrationRefusal.None, null, "登録の資格があります（法21①）。")]
    [InlineData(true, RegistrationBasis.MovedOutBeforeRegistration, RegistrationRefusal.None, null, "転出前に3か月以上記録されており、転出後4か月を経過していないため、旧住所地で登録されます（法21②）。")]
    [InlineData(false, null, RegistrationRefusal.Deceased, null, "死亡しているため登録されません。")]
    [InlineData(false, null, RegistrationRefusal.NotJapaneseNational, null, "日本国民でないため登録されません（法21①）。")]
    [InlineData(false, null, RegistrationRefusal.UnderAge, "2026-09-01", "令和8年9月1日現在で満18歳に達していないため登録されません。")]
    [InlineData(false, null, RegistrationRefusal.Disqualified, null, "選挙権を有しない期間中のため登録されません（法11①・法252）。")]
    [InlineData(false, null, RegistrationRefusal.NotResident, null, "この市区町村の住民基本台帳に記録されていないため登録されません。")]
    [InlineData(false, null, RegistrationRefusal.ResidenceUnderThreeMonths, "2019-05-01", "住民基本台帳に記録されてから3か月たっていないため登録されません（令和元年5月1日に3か月となります）。")]
    [InlineData(false, null, RegistrationRefusal.MovedOutUnderThreeMonths, null, "3か月たつ前に転出したため登録されません。")]
    [InlineData(false, null, RegistrationRefusal.FourMonthsSinceMoveOut, null, "転出してから4か月を経過しているため登録されません。")]
    public void Each_answer_is_worded_for_the_clerk(bool eligible, RegistrationBasis? basis, RegistrationRefusal refusal, string? on, string wording)
    {
        var decision = new RegistrationDecision(eligible, basis, eligible ? RegistrationReason.ThreeMonthsAfterMoveIn : null, refusal, on is null ? null : Day.Of(on));
        Assert.Equal(wording, decision.Explanation);
    }

    [Fact]
    public void An_answer_whose_wording_names_a_day_requires_it()
    {
        Assert.Throws<ArgumentNullException>(() => new RegistrationDecision(false, null, null, RegistrationRefusal.UnderAge));
        Assert.Throws<ArgumentNullException>(() => new RegistrationDecision(false, null, null, RegistrationRefusal.ResidenceUnderThreeMonths));
        var evaluated = RegistrationEligibility.Evaluate(Resident("2008-09-03", "2010-01-01"), Day.Of("2026-09-01"));
        Assert.Equal((RegistrationRefusal.UnderAge, (DateOnly?)Day.Of("2026-09-01")), (evaluated.Refusal, evaluated.On));
    }

    // 民法143②: with no corresponding day in the last month the period ends on that month's last day.
    [Theory]
    [InlineData("2026-11-28", "2027-02-28")]
    [InlineData("2026-11-29", "2027-02-28")]
    [InlineData("2026-11-30", "2027-02-28")] // counted from 12/1, whole months: the end of February
    [InlineData("2027-11-29", "2028-02-29")] // leap year
    [InlineData("2026-11-27", "2027-02-27")]
    public void Month_end_resident_since(string since, string complete)
    {
        var residence = new ResidencePeriod(Day.Of(since));
        Assert.Equal(Day.Of(complete), residence.ThreeMonthsCompleteOn);
        Assert.True(RegistrationEligibility.Evaluate(Resident("1990-01-01", since), Day.Of(complete)).Eligible);
        Assert.Equal(RegistrationRefusal.ResidenceUnderThreeMonths, RegistrationEligibility.Evaluate(Resident("1990-01-01", since), Day.Of(complete).AddDays(-1)).Refusal);
    }

    [Fact]
    public void The_registration_reason_says_which_condition_was_met_last()
    {
        var cameOfAge = RegistrationEligibility.Evaluate(Resident("2008-08-15", "2010-01-01"), Day.Of("2026-09-01"));
        Assert.Equal(RegistrationReason.CameOfAge, cameOfAge.Reason);
        var movedIn = RegistrationEligibility.Evaluate(Resident("1980-08-15", "2026-05-20"), Day.Of("2026-09-01"));
        Assert.Equal(RegistrationReason.ThreeMonthsAfterMoveIn, movedIn.Reason);
        Assert.Equal(RegistrationBasis.Resident, movedIn.Basis);
    }

    [Fact]
    public void A_foreign_resident_qualifies_once_naturalized()
    {
        var person = new PersonHistory
        {
            BirthDate = Day.Of("1985-04-01"),
            JapaneseNationality = [NationalityPeriod.Naturalized(Day.Of("2026-08-20"))],
            Residences = [new ResidencePeriod(Day.Of("2015-04-01"))],
        };
        Assert.Equal(RegistrationRefusal.NotJapaneseNational, RegistrationEligibility.Evaluate(person, Day.Of("2026-06-01")).Refusal);
        Assert.True(RegistrationEligibility.Evaluate(person, Day.Of("2026-09-01")).Eligible);
    }

    [Fact]
    public void Loss_of_nationality_death_and_disqualification_refuse()
    {
        var person = Resident("1970-01-01", "2000-01-01");
        var lost = person with { JapaneseNationality = [new NationalityPeriod(person.BirthDate, Day.Of("2026-05-01"))] };
        Assert.Equal(RegistrationRefusal.NotJapaneseNational, RegistrationEligibility.Evaluate(lost, Day.Of("2026-06-01")).Refusal);
        var dead = person with { DeathDate = Day.Of("2026-06-01") };
        Assert.Equal(RegistrationRefusal.Deceased, RegistrationEligibility.Evaluate(dead, Day.Of("2026-06-01")).Refusal);
        var disqualified = person with { Disqualifications = [new DisqualificationPeriod(Day.Of("2025-01-01"), Day.Of("2030-01-01"), DisqualificationBasis.Article252)] };
        Assert.Equal(RegistrationRefusal.Disqualified, RegistrationEligibility.Evaluate(disqualified, Day.Of("2026-06-01")).Refusal);
        Assert.True(RegistrationEligibility.Evaluate(disqualified, Day.Of("2030-03-01")).Eligible);
    }

    [Theory]
    [InlineData("2025-01-10", "2026-07-15", "2026-09-01", true, RegistrationRefusal.None)]
    [InlineData("2025-01-10", "2026-07-15", "2026-11-15", true, RegistrationRefusal.None)] // last day within 4 months
    [InlineData("2025-01-10", "2026-07-15", "2026-11-16", false, RegistrationRefusal.FourMonthsSinceMoveOut)]
    [InlineData("2026-04-15", "2026-07-15", "2026-09-01", true, RegistrationRefusal.None)] // 3 months complete on the move-out day
    [InlineData("2026-04-16", "2026-07-15", "2026-09-01", false, RegistrationRefusal.MovedOutUnderThreeMonths)]
    public void Moved_out_before_registration_article_21_2(string since, string movedOut, string reference, bool eligible, RegistrationRefusal refusal)
    {
        var person = new PersonHistory
        {
            BirthDate = Day.Of("2000-01-01"),
            JapaneseNationality = [NationalityPeriod.FromBirth(Day.Of("2000-01-01"))],
            Residences = [new ResidencePeriod(Day.Of(since), Day.Of(movedOut), MoveDestination.OtherPrefecture)],
        };
        var decision = RegistrationEligibility.Evaluate(person, Day.Of(reference));
        Assert.Equal(eligible, decision.Eligible);
        Assert.Equal(refusal, decision.Refusal);
        if (eligible)
        {
            Assert.Equal(RegistrationBasis.MovedOutBeforeRegistration, decision.Basis);
        }
    }

    [Fact]
    public void Someone_never_resident_here_is_refused() =>
        Assert.Equal(RegistrationRefusal.NotResident, RegistrationEligibility.Evaluate(
            new PersonHistory { BirthDate = Day.Of("1990-01-01"), JapaneseNationality = [NationalityPeriod.FromBirth(Day.Of("1990-01-01"))] },
            Day.Of("2026-09-01")).Refusal);

    [Fact]
    public void Election_registration_judges_age_on_polling_day()
    {
        var election = new ElectionDates(ElectionLevel.National, Day.Of("2026-07-02"), Day.Of("2026-07-19"));
        Assert.Equal(Day.Of("2026-07-01"), ElectionRegistration.BaseDate(election));
        var turns18OnPollingDay = Resident("2008-07-20", "2010-01-01");
        Assert.False(RegistrationEligibility.Evaluate(turns18OnPollingDay, Day.Of("2026-07-01")).Eligible);
        Assert.True(ElectionRegistration.Evaluate(turns18OnPollingDay, election).Eligible);
        Assert.False(ElectionRegistration.Evaluate(Resident("2008-07-21", "2010-01-01"), election).Eligible);
        // Residence still counts to the 基準日: moved in 4/1 → 3 months complete on 7/1.
        Assert.True(ElectionRegistration.Evaluate(Resident("1990-01-01", "2026-04-01"), election).Eligible);
        Assert.False(ElectionRegistration.Evaluate(Resident("1990-01-01", "2026-04-02"), election).Eligible);
    }

    private static readonly Gen<DateOnly> Dates = Gen.Int[new DateOnly(1950, 1, 1).DayNumber, new DateOnly(2080, 12, 31).DayNumber].Select(DateOnly.FromDayNumber);

    [Fact]
    public void Eligibility_is_monotone_in_time_when_nothing_else_happens() =>
        Gen.Select(Dates, Dates, Dates, Gen.Int[0, 2000]).Sample((birth, since, reference, later) =>
        {
            if (since < birth)
            {
                return;
            }

            var person = PersonHistory.JapaneseResident(birth, since);
            if (RegistrationEligibility.Evaluate(person, reference).Eligible)
            {
                Assert.True(RegistrationEligibility.Evaluate(person, reference.AddDays(later)).Eligible);
            }
        });
}

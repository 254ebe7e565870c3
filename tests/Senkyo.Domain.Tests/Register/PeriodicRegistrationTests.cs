using Senkyo.Domain.Register;

namespace Senkyo.Domain.Tests.Register;

public sealed class PeriodicRegistrationTests
{
    [Theory]
    [InlineData(2026, 3, "2026-03-02")] // 3/1 is a Sunday
    [InlineData(2026, 6, "2026-06-01")]
    [InlineData(2025, 6, "2025-06-02")] // Sunday
    [InlineData(2025, 3, "2025-03-03")] // Saturday
    [InlineData(2026, 12, "2026-12-01")]
    public void A_holiday_moves_the_registration_to_the_next_working_day(int year, int month, string registration)
    {
        var schedule = PeriodicRegistration.Schedule(year, month, []);
        Assert.Equal(new DateOnly(year, month, 1), schedule.BaseDate);
        Assert.Equal(Day.Of(registration), schedule.RegistrationDate);
        Assert.Equal(schedule.BaseDate, schedule.AgeReferenceDate);
        Assert.Null(schedule.OverlappingElection);
    }

    [Fact]
    public void Inside_an_election_period_it_stays_on_the_first_and_judges_age_on_polling_day()
    {
        var election = new ElectionDates(ElectionLevel.Municipal, Day.Of("2026-02-22"), Day.Of("2026-03-08"));
        var schedule = PeriodicRegistration.Schedule(2026, 3, [election]);
        Assert.Equal(Day.Of("2026-03-01"), schedule.RegistrationDate); // a Sunday, but inside the period (法22①括弧書)
        Assert.Equal(Day.Of("2026-03-08"), schedule.AgeReferenceDate); // 法22②
        Assert.Same(election, schedule.OverlappingElection);

        var turns18BeforePolling = PersonHistory.JapaneseResident(Day.Of("2008-03-05"), Day.Of("2010-01-01"));
        Assert.True(PeriodicRegistration.Evaluate(turns18BeforePolling, schedule).Eligible);
        Assert.False(PeriodicRegistration.Evaluate(turns18BeforePolling, PeriodicRegistration.Schedule(2026, 3, [])).Eligible);
    }

    [Fact]
    public void An_election_whose_polling_day_is_the_first_does_not_count()
    {
        // The window is 公示・告示日 … the day before polling day.
        var election = new ElectionDates(ElectionLevel.National, Day.Of("2026-02-20"), Day.Of("2026-03-01"));
        Assert.Null(PeriodicRegistration.Schedule(2026, 3, [election]).OverlappingElection);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(11)]
    public void Only_the_four_registration_months(int month) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PeriodicRegistration.Schedule(2026, month, []));

    [Fact]
    public void The_commission_may_set_the_election_registration_base_date()
    {
        var election = new ElectionDates(ElectionLevel.Municipal, Day.Of("2026-07-12"), Day.Of("2026-07-19"));
        Assert.Equal(Day.Of("2026-07-11"), ElectionRegistration.BaseDate(election)); // the usual day before 告示
        Assert.Equal(Day.Of("2026-07-05"), ElectionRegistration.BaseDate(election, Day.Of("2026-07-05")));

        // Three months complete on 7/8 (住定日 4/8): in by the default, out by a 基準日 of 7/5.
        var person = PersonHistory.JapaneseResident(Day.Of("1990-01-01"), Day.Of("2026-04-08"));
        Assert.True(ElectionRegistration.Evaluate(person, election).Eligible);
        Assert.Equal(RegistrationRefusal.ResidenceUnderThreeMonths, ElectionRegistration.Evaluate(person, election, Day.Of("2026-07-05")).Refusal);
        Assert.Throws<ArgumentOutOfRangeException>(() => ElectionRegistration.BaseDate(election, Day.Of("2026-07-19")));
    }
}

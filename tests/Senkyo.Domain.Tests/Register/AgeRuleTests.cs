using CsCheck;
using Senkyo.Domain.Register;

namespace Senkyo.Domain.Tests.Register;

public sealed class AgeRuleTests
{
    [Theory]
    [InlineData("2008-07-13", "2026-07-12", true)] // 18th birthday the day after polling day: 18 at the end of polling day
    [InlineData("2008-07-14", "2026-07-12", false)] // one day later: not yet
    [InlineData("2008-07-12", "2026-07-12", true)]
    [InlineData("2008-02-29", "2026-02-27", false)]
    [InlineData("2008-02-29", "2026-02-28", true)] // no 29 Feb in 2026: the period ends on the month's last day
    [InlineData("2010-03-01", "2028-02-28", false)]
    [InlineData("2010-03-01", "2028-02-29", true)]
    [InlineData("2010-02-28", "2028-02-27", true)]
    public void Reaches_18_at_the_end_of_the_day_before_the_birthday(string birth, string date, bool expected) =>
        Assert.Equal(expected, AgeRule.IsOfVotingAge(Day.Of(birth), Day.Of(date)));

    [Theory]
    [InlineData("2008-07-13", "2026-07-12")]
    [InlineData("2008-02-29", "2026-02-28")]
    [InlineData("2012-02-29", "2030-02-28")]
    [InlineData("2012-03-01", "2030-02-28")]
    [InlineData("2012-01-01", "2029-12-31")]
    public void First_day_of_age(string birth, string first) =>
        Assert.Equal(Day.Of(first), AgeRule.FirstDayOfAge(Day.Of(birth), 18));

    private static readonly Gen<DateOnly> Dates = Gen.Int[new DateOnly(1900, 1, 1).DayNumber, new DateOnly(2090, 12, 31).DayNumber].Select(DateOnly.FromDayNumber);

    [Fact]
    public void Age_is_monotone_in_time() =>
        Gen.Select(Dates, Dates, Gen.Int[0, 4000]).Sample((birth, date, later) =>
        {
            if (AgeRule.IsOfVotingAge(birth, date))
            {
                Assert.True(AgeRule.IsOfVotingAge(birth, date.AddDays(later)));
            }
        });

    [Fact]
    public void First_day_of_age_is_the_first_day_the_rule_holds() =>
        Dates.Sample(birth =>
        {
            var first = AgeRule.FirstDayOfAge(birth, 18);
            Assert.True(AgeRule.IsOfVotingAge(birth, first));
            Assert.False(AgeRule.IsOfVotingAge(birth, first.AddDays(-1)));
        });
}

using CsCheck;
using Senkyo.Domain.Dates;

namespace Senkyo.Domain.Tests.Dates;

public sealed class LegalPeriodTests
{
    [Theory]
    [InlineData("2026-06-01", 3, "2026-09-01")] // 初日不算入: 6/2 start, ends the day before 9/2
    [InlineData("2026-06-02", 3, "2026-09-02")]
    [InlineData("2025-11-30", 3, "2026-02-28")] // starts 12/1: ends the day before 3/1
    [InlineData("2025-11-29", 3, "2026-02-28")] // starts 11/30: no 2/30, so the month's last day (民法143② ただし書)
    [InlineData("2027-11-29", 3, "2028-02-29")]
    [InlineData("2026-03-15", 4, "2026-07-15")]
    [InlineData("2026-10-31", 4, "2027-02-28")]
    [InlineData("2026-12-31", 3, "2027-03-31")]
    public void Months_end_as_the_civil_code_says(string eventDay, int months, string lastDay) =>
        Assert.Equal(DateOnly.Parse(lastDay, System.Globalization.CultureInfo.InvariantCulture),
            LegalPeriod.LastDayOfMonthsAfter(DateOnly.Parse(eventDay, System.Globalization.CultureInfo.InvariantCulture), months));

    [Fact]
    public void A_later_event_never_ends_earlier() =>
        Gen.Select(Gen.Int[new DateOnly(1950, 1, 1).DayNumber, new DateOnly(2090, 1, 1).DayNumber], Gen.Int[1, 12]).Sample((day, months) =>
        {
            var a = DateOnly.FromDayNumber(day);
            var endA = LegalPeriod.LastDayOfMonthsAfter(a, months);
            var endB = LegalPeriod.LastDayOfMonthsAfter(a.AddDays(1), months);
            Assert.True(endB >= endA);
            Assert.True(endA > a.AddMonths(months - 1));
            // An event on the last day of February starts the period on 3/1, which runs to the end of a month:
            // the end can lie up to 3 days after the naive "same day n months later".
            Assert.True(endA <= a.AddMonths(months).AddDays(3));
        });
}

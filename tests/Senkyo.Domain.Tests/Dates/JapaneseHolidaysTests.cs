using CsCheck;
using Senkyo.Domain.Dates;

namespace Senkyo.Domain.Tests.Dates;

public sealed class JapaneseHolidaysTests
{
    // As published by the Cabinet Office (内閣府「国民の祝日について」) for each year.
    public static TheoryData<int, string[]> KnownYears => new()
    {
        { 2019, ["01-01", "01-14", "02-11", "03-21", "04-29", "04-30", "05-01", "05-02", "05-03", "05-04", "05-05", "05-06", "07-15", "08-11", "08-12", "09-16", "09-23", "10-14", "10-22", "11-03", "11-04", "11-23"] },
        { 2020, ["01-01", "01-13", "02-11", "02-23", "02-24", "03-20", "04-29", "05-03", "05-04", "05-05", "05-06", "07-23", "07-24", "08-10", "09-21", "09-22", "11-03", "11-23"] },
        { 2021, ["01-01", "01-11", "02-11", "02-23", "03-20", "04-29", "05-03", "05-04", "05-05", "07-22", "07-23", "08-08", "08-09", "09-20", "09-23", "11-03", "11-23"] },
        { 2025, ["01-01", "01-13", "02-11", "02-23", "02-24", "03-20", "04-29", "05-03", "05-04", "05-05", "05-06", "07-21", "08-11", "09-15", "09-23", "10-13", "11-03", "11-23", "11-24"] },
        { 2026, ["01-01", "01-12", "02-11", "02-23", "03-20", "04-29", "05-03", "05-04", "05-05", "05-06", "07-20", "08-11", "09-21", "09-22", "09-23", "10-12", "11-03", "11-23"] },
    };

    [Theory]
    [MemberData(nameof(KnownYears))]
    public void Known_years_match_the_published_calendar(int year, string[] expected) =>
        Assert.Equal(expected, JapaneseHolidays.In(year).Select(h => h.Date.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData(2019, 5, 1, "天皇の即位の日")]
    [InlineData(2019, 4, 30, "国民の休日")]
    [InlineData(2026, 9, 22, "国民の休日")]
    [InlineData(2015, 9, 22, "国民の休日")]
    [InlineData(2026, 5, 6, "振替休日")] // 5/3 is a Sunday: the first day after that is not a 祝日
    [InlineData(2020, 7, 24, "スポーツの日")]
    [InlineData(2018, 12, 23, "天皇誕生日")]
    [InlineData(2019, 10, 14, "体育の日")]
    [InlineData(1998, 1, 15, "成人の日")]
    [InlineData(2000, 1, 10, "成人の日")]
    [InlineData(1988, 5, 4, "国民の休日")]
    [InlineData(1988, 4, 29, "天皇誕生日")]
    [InlineData(2006, 4, 29, "みどりの日")]
    [InlineData(2007, 4, 29, "昭和の日")]
    [InlineData(1989, 2, 24, "昭和天皇の大喪の礼")]
    [InlineData(1990, 9, 24, "振替休日")]
    [InlineData(2099, 3, 20, "春分の日")]
    public void Names_holidays(int year, int month, int day, string name) =>
        Assert.Equal(name, JapaneseHolidays.NameOf(new DateOnly(year, month, day)));

    [Theory]
    [InlineData(2019, 12, 23)] // no 天皇誕生日 in 2019
    [InlineData(2020, 10, 12)] // スポーツの日 moved to 7/24 for the Olympics
    [InlineData(2021, 8, 11)]
    [InlineData(2026, 11, 28)]
    [InlineData(2003, 7, 20)]
    public void Ordinary_days_are_not_holidays(int year, int month, int day) =>
        Assert.Null(JapaneseHolidays.NameOf(new DateOnly(year, month, day)));

    [Theory]
    [InlineData(2000, 20, 23)]
    [InlineData(2012, 20, 22)]
    [InlineData(2019, 21, 23)]
    [InlineData(2026, 20, 23)]
    [InlineData(2030, 20, 23)]
    public void Equinoxes_follow_the_approximation(int year, int march, int september)
    {
        Assert.Equal(march, JapaneseHolidays.VernalEquinoxDay(year));
        Assert.Equal(september, JapaneseHolidays.AutumnalEquinoxDay(year));
    }

    [Fact]
    public void Years_outside_the_formula_range_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => JapaneseHolidays.In(1979));
        Assert.Throws<ArgumentOutOfRangeException>(() => JapaneseHolidays.In(2100));
    }

    [Fact]
    public void Every_year_has_between_12_and_22_holidays_and_no_Sunday_substitute_missing() =>
        Gen.Int[JapaneseHolidays.FirstSupportedYear, JapaneseHolidays.LastSupportedYear].Sample(year =>
        {
            var holidays = JapaneseHolidays.In(year);
            Assert.InRange(holidays.Count, 12, 22); // 12 祝日 in 1980; up to 22 in 2019
            foreach (var sunday in holidays.Where(h => h.Date.DayOfWeek == DayOfWeek.Sunday && h.Name is not ("振替休日" or "国民の休日")))
            {
                Assert.Contains(holidays, h => h.Name == "振替休日" && h.Date > sunday.Date && h.Date <= sunday.Date.AddDays(3));
            }
        }, iter: 120);

    [Theory]
    [InlineData(2026, 3, 1, 2026, 3, 2)] // Sunday
    [InlineData(2025, 6, 1, 2025, 6, 2)] // Sunday
    [InlineData(2024, 9, 1, 2024, 9, 2)] // Sunday
    [InlineData(2025, 3, 1, 2025, 3, 3)] // Saturday
    [InlineData(2026, 12, 1, 2026, 12, 1)] // Tuesday
    [InlineData(2025, 12, 29, 2026, 1, 5)] // 年末年始 then a weekend
    public void Working_day_rule_skips_weekends_holidays_and_the_year_end(int y, int m, int d, int ey, int em, int ed) =>
        Assert.Equal(new DateOnly(ey, em, ed), LocalGovernmentHolidays.OnOrNextWorkingDay(new DateOnly(y, m, d)));
}

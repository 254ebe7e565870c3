using CsCheck;
using Senkyo.Domain.Dates;

namespace Senkyo.Domain.Tests.Dates;

public sealed class WarekiTests
{
    [Theory]
    [InlineData(2026, 11, 28, "令和8年11月28日")]
    [InlineData(2019, 5, 1, "令和元年5月1日")]
    [InlineData(2019, 4, 30, "平成31年4月30日")]
    [InlineData(1989, 1, 7, "昭和64年1月7日")]
    [InlineData(1989, 1, 8, "平成元年1月8日")]
    [InlineData(1926, 12, 25, "昭和元年12月25日")]
    [InlineData(1912, 7, 29, "明治45年7月29日")]
    [InlineData(1873, 1, 1, "明治6年1月1日")]
    public void Formats_wareki_with_gannen(int year, int month, int day, string expected) =>
        Assert.Equal(expected, Wareki.Format(new DateOnly(year, month, day)));

    [Fact]
    public void Formats_with_the_gregorian_year_beside_it()
    {
        Assert.Equal("令和8年11月28日 (2026)", Wareki.FormatWithGregorianYear(new DateOnly(2026, 11, 28)));
        Assert.Equal("令和元年5月1日 (2019)", Wareki.FormatWithGregorianYear(new DateOnly(2019, 5, 1)));
    }

    [Theory]
    [InlineData("令和8年11月28日", 2026, 11, 28)]
    [InlineData("令和元年5月1日", 2019, 5, 1)]
    [InlineData("令和１年５月１日", 2019, 5, 1)]
    [InlineData("令和８年１１月２８日", 2026, 11, 28)]
    [InlineData("R8.11.28", 2026, 11, 28)]
    [InlineData("r8/11/28", 2026, 11, 28)]
    [InlineData("Ｒ８．１１．２８", 2026, 11, 28)]
    [InlineData("R元.5.1", 2019, 5, 1)]
    [InlineData("平成31年4月30日", 2019, 4, 30)]
    [InlineData("H31/4/30", 2019, 4, 30)]
    [InlineData("平成元年1月8日", 1989, 1, 8)]
    [InlineData("昭和64年1月7日", 1989, 1, 7)]
    [InlineData("S64-1-7", 1989, 1, 7)]
    [InlineData("昭和元年12月25日", 1926, 12, 25)]
    [InlineData("大正15年12月25日", 1926, 12, 25)] // the day of 改元: both eras name it
    [InlineData("T1.7.30", 1912, 7, 30)]
    [InlineData("明治45年7月30日", 1912, 7, 30)]
    [InlineData("明治6年1月1日", 1873, 1, 1)]
    [InlineData("2026-11-28", 2026, 11, 28)]
    [InlineData("2026/11/28", 2026, 11, 28)]
    [InlineData("2026/1/5", 2026, 1, 5)]
    [InlineData("２０２６年１１月２８日", 2026, 11, 28)]
    [InlineData(" 令和 8年 11月 28日 ", 2026, 11, 28)]
    public void Parses_wareki_and_gregorian(string text, int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), WarekiParser.Parse(text));

    [Theory]
    [InlineData("昭和64年1月8日", "平成元年1月8日")]
    [InlineData("平成31年5月1日", "令和元年5月1日")]
    [InlineData("平成32年1月1日", "令和2年1月1日")]
    [InlineData("令和1年4月30日", "平成31年4月30日")]
    [InlineData("平成1年1月7日", "昭和64年1月7日")]
    public void A_date_outside_its_era_is_rejected_naming_the_right_form(string text, string rightForm)
    {
        Assert.False(WarekiParser.TryParse(text, out _, out var error));
        Assert.Contains("存在しません", error, StringComparison.Ordinal);
        Assert.Contains(rightForm, error, StringComparison.Ordinal);
        var exception = Assert.Throws<FormatException>(() => WarekiParser.Parse(text));
        Assert.Equal(error, exception.Message);
    }

    [Theory]
    [InlineData("", "入力されていません")]
    [InlineData("   ", "入力されていません")]
    [InlineData("慶応3年1月1日", "元号が読めません")]
    [InlineData("令和8年13月1日", "存在しません")]
    [InlineData("令和8年2月29日", "存在しません")]
    [InlineData("2026-02-30", "存在しません")]
    [InlineData("令和8年11月", "読めません")]
    [InlineData("令和8年11月28日X", "読めません")]
    [InlineData("26-11-28", "年が読めません")]
    [InlineData("明治5年12月2日", "旧暦")]
    [InlineData("令和0年1月1日", "存在しません")]
    public void Bad_input_gets_a_Japanese_explanation(string text, string expected)
    {
        Assert.False(WarekiParser.TryParse(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_formatted_date_parses_back_to_itself() =>
        Gen.Int[new DateOnly(1873, 1, 1).DayNumber, new DateOnly(2099, 12, 31).DayNumber].Sample(dayNumber =>
        {
            var date = DateOnly.FromDayNumber(dayNumber);
            Assert.Equal(date, WarekiParser.Parse(Wareki.Format(date)));
        }, iter: 5_000);

    [Fact]
    public void The_era_table_agrees_with_the_runtime_calendar() =>
        Gen.Int[new DateOnly(1873, 1, 1).DayNumber, new DateOnly(2099, 12, 31).DayNumber].Sample(dayNumber =>
        {
            var date = DateOnly.FromDayNumber(dayNumber);
            var formatted = Wareki.Format(date);
            var era = JapaneseEra.All.Last(e => e.Contains(date));
            Assert.StartsWith(era.Name, formatted, StringComparison.Ordinal);
        }, iter: 5_000);
}

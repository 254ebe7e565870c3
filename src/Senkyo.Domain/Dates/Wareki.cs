using System.Globalization;

namespace Senkyo.Domain.Dates;

/// <summary>
/// 和暦 (wareki): dates as the staff and the public read them, with the Gregorian year beside
/// them — 令和8年11月28日 (2026). Formatting uses .NET's <see cref="JapaneseCalendar"/> with the
/// pattern <c>ggy年M月d日</c>, which prints the first year as 元年; the "D" pattern is never used
/// (it prints 1年 on some runtimes). Needs ICU (see <c>GlobalizationCheck</c>).
/// </summary>
public static class Wareki
{
    private const string Pattern = "ggy年M月d日";

    private static readonly CultureInfo JapaneseCulture = CreateCulture();

    /// <summary>令和8年11月28日; dates before 明治6年 (Gregorian adoption) print as Gregorian 1872年….</summary>
    public static string Format(DateOnly date)
    {
        if (date < JapaneseEra.GregorianAdoption)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{date.Year}年{date.Month}月{date.Day}日");
        }

        return date.ToDateTime(TimeOnly.MinValue).ToString(Pattern, JapaneseCulture);
    }

    /// <summary>令和8年11月28日 (2026): the form the UI shows.</summary>
    public static string FormatWithGregorianYear(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"{Format(date)} ({date.Year})");

    private static CultureInfo CreateCulture()
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo("ja-JP").Clone();
        culture.DateTimeFormat.Calendar = new JapaneseCalendar();
        return CultureInfo.ReadOnly(culture);
    }
}

namespace Senkyo.Domain.Dates;

/// <summary>A public holiday: its date and its name as the law gives it.</summary>
public sealed record Holiday(DateOnly Date, string Name);

/// <summary>
/// 国民の祝日 (public holidays) under 国民の祝日に関する法律 (昭和23年法律第178号) as amended, with
/// 振替休日 (art. 3②) and 国民の休日 (art. 3③), the 2020/2021 Olympic moves (平成30年法律第57号,
/// 令和2年法律第68号) and the one-off days set by their own laws (1989-02-24,
/// 1990-11-12, 1993-06-09, 2019-05-01, 2019-10-22). Supported 1980–2099.
/// </summary>
/// <remarks>
/// 春分の日 and 秋分の日 are fixed each year by the 国立天文台's announcement in the 官報 of the
/// February before; this uses the standard approximation (valid 1980–2099), computed in integers:
/// day = ⌊20.8431 + 0.242194·(y−1980) − ⌊(y−1980)/4⌋⌋ for March, 23.2488 for September.
/// </remarks>
public static class JapaneseHolidays
{
    public const int FirstSupportedYear = 1980;
    public const int LastSupportedYear = 2099;

    private const string Substitute = "振替休日";
    private const string CitizensHoliday = "国民の休日";

    /// <summary>The holidays of <paramref name="year"/>, in date order.</summary>
    public static IReadOnlyList<Holiday> In(int year)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, FirstSupportedYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, LastSupportedYear);
        var statutory = StatutoryHolidays(year);
        var all = new SortedDictionary<DateOnly, string>(statutory);

        foreach (var (date, _) in statutory)
        {
            if (date.DayOfWeek != DayOfWeek.Sunday)
            {
                continue;
            }

            // Until 2006 the Monday after; since 2007 the first day after that is not itself a 祝日.
            var substitute = date.AddDays(1);
            while (year >= 2007 && statutory.ContainsKey(substitute))
            {
                substitute = substitute.AddDays(1);
            }

            all.TryAdd(substitute, Substitute);
        }

        foreach (var (date, _) in statutory)
        {
            var between = date.AddDays(1);
            var rule = new DateOnly(1985, 12, 27); // 国民の休日 introduced by 昭和60年法律第103号
            if (between >= rule && statutory.ContainsKey(date.AddDays(2)) && !statutory.ContainsKey(between)
                && (year >= 2007 || between.DayOfWeek != DayOfWeek.Sunday))
            {
                all.TryAdd(between, CitizensHoliday);
            }
        }

        return [.. all.Select(pair => new Holiday(pair.Key, pair.Value))];
    }

    /// <summary>The holiday's name, or null when <paramref name="date"/> is not a holiday.</summary>
    public static string? NameOf(DateOnly date) => In(date.Year).FirstOrDefault(h => h.Date == date)?.Name;

    public static bool IsHoliday(DateOnly date) => NameOf(date) is not null;

    /// <summary>The day of March on which 春分の日 falls (approximation, 1980–2099).</summary>
    public static int VernalEquinoxDay(int year) => EquinoxDay(year, 20_843_100);

    /// <summary>The day of September on which 秋分の日 falls (approximation, 1980–2099).</summary>
    public static int AutumnalEquinoxDay(int year) => EquinoxDay(year, 23_248_800);

    private static int EquinoxDay(int year, int baseMicroDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, FirstSupportedYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, LastSupportedYear);
        var y = year - FirstSupportedYear;
        return ((baseMicroDays + (242_194 * y)) / 1_000_000) - (y / 4);
    }

    private static Dictionary<DateOnly, string> StatutoryHolidays(int year)
    {
        var days = new Dictionary<DateOnly, string>();
        void Add(int month, int day, string name) => days[new DateOnly(year, month, day)] = name;
        void AddMonday(int month, int nth, string name) => days[NthMonday(year, month, nth)] = name;

        Add(1, 1, "元日");
        if (year < 2000) { Add(1, 15, "成人の日"); } else { AddMonday(1, 2, "成人の日"); }
        Add(2, 11, "建国記念の日");
        if (year >= 2020) { Add(2, 23, "天皇誕生日"); }
        Add(3, VernalEquinoxDay(year), "春分の日");
        Add(4, 29, year <= 1988 ? "天皇誕生日" : year <= 2006 ? "みどりの日" : "昭和の日");
        Add(5, 3, "憲法記念日");
        if (year >= 2007) { Add(5, 4, "みどりの日"); }
        Add(5, 5, "こどもの日");

        switch (year)
        {
            case 2020:
                Add(7, 23, "海の日");
                Add(7, 24, "スポーツの日");
                Add(8, 10, "山の日");
                break;
            case 2021:
                Add(7, 22, "海の日");
                Add(7, 23, "スポーツの日");
                Add(8, 8, "山の日");
                break;
            default:
                if (year is >= 1996 and <= 2002) { Add(7, 20, "海の日"); } else if (year >= 2003) { AddMonday(7, 3, "海の日"); }
                if (year >= 2016) { Add(8, 11, "山の日"); }
                if (year < 2000) { Add(10, 10, "体育の日"); } else { AddMonday(10, 2, year < 2020 ? "体育の日" : "スポーツの日"); }
                break;
        }

        if (year < 2003) { Add(9, 15, "敬老の日"); } else { AddMonday(9, 3, "敬老の日"); }
        Add(9, AutumnalEquinoxDay(year), "秋分の日");
        Add(11, 3, "文化の日");
        Add(11, 23, "勤労感謝の日");
        if (year is >= 1989 and <= 2018) { Add(12, 23, "天皇誕生日"); }

        switch (year)
        {
            case 1989: Add(2, 24, "昭和天皇の大喪の礼"); break;
            case 1990: Add(11, 12, "即位礼正殿の儀"); break;
            case 1993: Add(6, 9, "皇太子徳仁親王の結婚の儀"); break;
            case 2019: Add(5, 1, "天皇の即位の日"); Add(10, 22, "即位礼正殿の儀"); break;
            default: break;
        }

        return days;
    }

    private static DateOnly NthMonday(int year, int month, int nth)
    {
        var first = new DateOnly(year, month, 1);
        var offset = ((int)DayOfWeek.Monday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(offset + (7 * (nth - 1)));
    }
}

/// <summary>
/// 地方公共団体の休日 (地方自治法4条の2, set by each municipality's 条例): Sundays, Saturdays,
/// 国民の祝日 (with 振替休日 and 国民の休日) and 12月29日–1月3日 — the days a registration date
/// moves off (法22①).
/// </summary>
public static class LocalGovernmentHolidays
{
    public static bool IsHoliday(DateOnly date) =>
        date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday
        || (date.Month == 12 && date.Day >= 29) || (date.Month == 1 && date.Day <= 3)
        || JapaneseHolidays.IsHoliday(date);

    /// <summary><paramref name="date"/> itself, or the first day after it that is not a holiday.</summary>
    public static DateOnly OnOrNextWorkingDay(DateOnly date)
    {
        while (IsHoliday(date))
        {
            date = date.AddDays(1);
        }

        return date;
    }
}

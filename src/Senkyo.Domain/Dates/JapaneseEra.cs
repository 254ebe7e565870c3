namespace Senkyo.Domain.Dates;

/// <summary>
/// An era (元号) of the Japanese calendar from the adoption of the Gregorian calendar on.
/// <see cref="Start"/> is the first day of the era, <see cref="End"/> its last (inclusive; null for the current era).
/// </summary>
/// <remarks>
/// 明治 and 大正 ended on the day the emperor died and the new era began that same day
/// (1912-07-30, 1926-12-25), so those two days can be written in either era. 昭和→平成 and
/// 平成→令和 changed at midnight: 昭和64年1月7日 / 平成元年1月8日 and 平成31年4月30日 / 令和元年5月1日.
/// </remarks>
public sealed record JapaneseEra(string Name, char Abbreviation, DateOnly Start, DateOnly? End)
{
    /// <summary>
    /// 明治 dates are accepted only from 明治6年1月1日 (1873-01-01), the day Japan adopted the
    /// Gregorian calendar: earlier 明治 dates are lunisolar (旧暦) and convert by table, not by arithmetic.
    /// </summary>
    public static DateOnly GregorianAdoption { get; } = new(1873, 1, 1);

    public static IReadOnlyList<JapaneseEra> All { get; } =
    [
        new("明治", 'M', new DateOnly(1868, 1, 25), new DateOnly(1912, 7, 30)),
        new("大正", 'T', new DateOnly(1912, 7, 30), new DateOnly(1926, 12, 25)),
        new("昭和", 'S', new DateOnly(1926, 12, 25), new DateOnly(1989, 1, 7)),
        new("平成", 'H', new DateOnly(1989, 1, 8), new DateOnly(2019, 4, 30)),
        new("令和", 'R', new DateOnly(2019, 5, 1), null),
    ];

    /// <summary>The Gregorian year of this era's year <paramref name="eraYear"/> (元年 = 1).</summary>
    public int GregorianYear(int eraYear) => Start.Year + eraYear - 1;

    public bool Contains(DateOnly date) => date >= Start && (End is null || date <= End.Value);
}

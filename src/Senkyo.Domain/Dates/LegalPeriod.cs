namespace Senkyo.Domain.Dates;

/// <summary>
/// 期間の計算 under 民法 (Civil Code) 140–143, which 公職選挙法 relies on for its periods
/// (引き続き三箇月以上, 四箇月を経過): the day of the event is not counted (初日不算入, 民法140);
/// a period in months ends on the day before the day corresponding to the start day in the last
/// month (民法143②), or on the last day of that month when it has no such day (ただし書).
/// </summary>
public static class LegalPeriod
{
    /// <summary>
    /// The last day of a period of <paramref name="months"/> months running from the day after
    /// <paramref name="eventDay"/>. Example: an event on 6月1日 → 3 months end on 9月1日.
    /// </summary>
    public static DateOnly LastDayOfMonthsAfter(DateOnly eventDay, int months)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(months);
        var start = eventDay.AddDays(1);
        var lastMonth = new DateOnly(start.Year, start.Month, 1).AddMonths(months);
        var daysInLastMonth = DateTime.DaysInMonth(lastMonth.Year, lastMonth.Month);
        return start.Day > daysInLastMonth
            ? new DateOnly(lastMonth.Year, lastMonth.Month, daysInLastMonth)
            : new DateOnly(lastMonth.Year, lastMonth.Month, start.Day).AddDays(-1);
    }
}

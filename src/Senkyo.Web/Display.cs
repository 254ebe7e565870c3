using System.Globalization;
using Senkyo.Domain.Dates;

namespace Senkyo.Web;

/// <summary>How the staff UI writes dates and times: 和暦 with the Gregorian year, Japan time.</summary>
public static class Display
{
    // Japan has no daylight saving time; a fixed offset avoids depending on the tz database.
    private static readonly TimeSpan JapanOffset = TimeSpan.FromHours(9);

    public static DateTimeOffset InJapan(DateTimeOffset t) => t.ToOffset(JapanOffset);

    public static DateOnly JapanDate(DateTimeOffset t) => DateOnly.FromDateTime(InJapan(t).DateTime);

    /// <summary>令和8年11月28日 (2026)</summary>
    public static string Date(DateOnly d) => Wareki.FormatWithGregorianYear(d);

    /// <summary>令和8年11月28日 (2026) 14:03</summary>
    public static string DateTime(DateTimeOffset t) =>
        Wareki.FormatWithGregorianYear(JapanDate(t)) + " " + InJapan(t).ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string DateTime(DateTimeOffset? t) => t is { } v ? DateTime(v) : "—";
}

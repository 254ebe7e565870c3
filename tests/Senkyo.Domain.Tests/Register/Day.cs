using System.Globalization;

namespace Senkyo.Domain.Tests.Register;

/// <summary>Short ISO dates for tables of cases.</summary>
internal static class Day
{
    public static DateOnly Of(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}

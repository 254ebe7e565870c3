using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Senkyo.Domain.Dates;

/// <summary>
/// Reads a date typed by staff or found in an import file: 和暦 (令和8年11月28日, 令和元年5月1日,
/// R8.11.28, H31/4/30, S64-1-7; eras 令和 平成 昭和 大正 明治 or R H S T M; full-width digits) or
/// Gregorian (2026-11-28, 2026/11/28, 2026年11月28日). Errors are explained in Japanese.
/// </summary>
/// <remarks>
/// A date outside its era is rejected, never shifted: 平成31年5月1日 does not exist (that day
/// is 令和元年5月1日) and 昭和64年1月8日 does not exist (平成元年1月8日). Accepting them would
/// hide a mistyped era in a birth date, which then fails a look-up silently; the error message
/// names the correct form instead. 明治 dates before 明治6年1月1日 are lunisolar and rejected.
/// </remarks>
public static class WarekiParser
{
    private const string Example = "例：令和8年11月28日、R8.11.28、2026-11-28";

    /// <exception cref="FormatException">The text is not a date; the message says why, in Japanese.</exception>
    public static DateOnly Parse(string text) =>
        TryParse(text, out var date, out var error) ? date : throw new FormatException(error);

    public static bool TryParse(string? text, out DateOnly date, [NotNullWhen(false)] out string? error)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "日付が入力されていません。" + Example;
            return false;
        }

        var s = string.Concat(text.Normalize(NormalizationForm.FormKC).Where(c => !char.IsWhiteSpace(c)));
        var at = 0;
        var era = ReadEra(s, ref at);
        if (era is null && !char.IsAsciiDigit(s[0]))
        {
            error = $"「{text}」の元号が読めません。令和・平成・昭和・大正・明治（R・H・S・T・M）か西暦で入力してください。";
            return false;
        }

        int year;
        if (era is not null && at < s.Length && s[at] == '元')
        {
            year = 1;
            at++;
        }
        else if (!ReadNumber(s, ref at, era is null ? 4 : 3, out year) || (era is null && year < 1000))
        {
            error = $"「{text}」の年が読めません。" + Example;
            return false;
        }

        if (!ReadSeparator(s, ref at, '年') || !ReadNumber(s, ref at, 2, out var month) || !ReadSeparator(s, ref at, '月')
            || !ReadNumber(s, ref at, 2, out var day) || !(at == s.Length || (s[at] == '日' && at + 1 == s.Length)))
        {
            error = $"「{text}」は日付として読めません。" + Example;
            return false;
        }

        var gregorianYear = era?.GregorianYear(year) ?? year;
        if (year < 1 || gregorianYear > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(gregorianYear, month))
        {
            error = $"「{text}」という日付は存在しません。";
            return false;
        }

        var parsed = new DateOnly(gregorianYear, month, day);
        if (era is not null && parsed < JapaneseEra.GregorianAdoption)
        {
            error = $"「{text}」は明治6年1月1日より前の日付です。旧暦の日付は扱えません。";
            return false;
        }

        if (era is not null && !era.Contains(parsed))
        {
            error = parsed < era.Start
                ? $"「{text}」という日付は存在しません。{era.Name}は{Wareki.Format(era.Start)}からで、この日は{Wareki.Format(parsed)}です。"
                : $"「{text}」という日付は存在しません。{era.Name}は{EraEnd(era)}までで、この日は{Wareki.Format(parsed)}です。";
            return false;
        }

        date = parsed;
        error = null;
        return true;
    }

    private static string EraEnd(JapaneseEra era)
    {
        var end = era.End!.Value;
        return string.Create(CultureInfo.InvariantCulture, $"{era.Name}{end.Year - era.Start.Year + 1}年{end.Month}月{end.Day}日");
    }

    private static JapaneseEra? ReadEra(string s, ref int at)
    {
        foreach (var era in JapaneseEra.All)
        {
            if (s.StartsWith(era.Name, StringComparison.Ordinal))
            {
                at = era.Name.Length;
                return era;
            }

            if (s.Length > 1 && char.ToUpperInvariant(s[0]) == era.Abbreviation && (char.IsAsciiDigit(s[1]) || s[1] == '元'))
            {
                at = 1;
                return era;
            }
        }

        return null;
    }

    private static bool ReadNumber(string s, ref int at, int maxDigits, out int value)
    {
        value = 0;
        var start = at;
        while (at < s.Length && char.IsAsciiDigit(s[at]))
        {
            if (at - start == maxDigits)
            {
                return false;
            }

            value = (value * 10) + (s[at] - '0');
            at++;
        }

        return at > start;
    }

    private static bool ReadSeparator(string s, ref int at, char kanji)
    {
        if (at < s.Length && (s[at] == kanji || s[at] is '.' or '-' or '/'))
        {
            at++;
            return true;
        }

        return false;
    }
}

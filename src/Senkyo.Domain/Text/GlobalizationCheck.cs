using System.Globalization;
using System.Text;

namespace Senkyo.Domain.Text;

/// <summary>
/// Start-up self-check (起動時の自己診断) that ICU is present. With invariant globalization
/// .NET's NFKC and the ja-JP Japanese calendar silently misbehave — search keys would stop
/// matching and wareki would print wrong — so the application refuses to start instead.
/// </summary>
public static class GlobalizationCheck
{
    private const string NfkcProbe = "ﾔﾏﾀﾞ";
    private const string NfkcExpected = "ヤマダ";

    /// <summary>Throws <see cref="InvalidOperationException"/> with a clear message when ICU is unusable.</summary>
    public static void EnsureIcu()
    {
        var problems = Diagnose();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                "Senkyo needs ICU (libicu) for Japanese text and dates, and it is not usable: " + string.Join("; ", problems) +
                ". Install libicu (Debian: apt-get install libicu-dev or libicu7x) and do not set " +
                "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT or InvariantGlobalization=true. " +
                "(ICUが利用できません。名簿の検索キーと和暦が正しく処理できないため起動を中止します。)");
        }
    }

    /// <summary>What is wrong with the runtime's globalization, or an empty list.</summary>
    public static IReadOnlyList<string> Diagnose()
    {
        var invariant = AppContext.TryGetSwitch("System.Globalization.Invariant", out var on) && on;
        string nfkc;
        try
        {
            nfkc = NfkcProbe.Normalize(NormalizationForm.FormKC);
        }
        catch (PlatformNotSupportedException e)
        {
            nfkc = "(" + e.Message + ")";
        }

        string era;
        try
        {
            var culture = new CultureInfo("ja-JP");
            culture.DateTimeFormat.Calendar = new JapaneseCalendar();
            era = new DateTime(2019, 5, 1).ToString("gg", culture);
        }
        catch (Exception e) when (e is CultureNotFoundException or ArgumentException or PlatformNotSupportedException)
        {
            era = "(" + e.Message + ")";
        }

        return Diagnose(invariant, nfkc, era);
    }

    /// <summary>The decision, from the three observations; pure so that every failure can be tested.</summary>
    public static IReadOnlyList<string> Diagnose(bool invariantGlobalization, string nfkcOfProbe, string eraOf20190501)
    {
        var problems = new List<string>();
        if (invariantGlobalization)
        {
            problems.Add("invariant globalization is on");
        }

        if (!string.Equals(nfkcOfProbe, NfkcExpected, StringComparison.Ordinal))
        {
            problems.Add($"NFKC of \"{NfkcProbe}\" gave \"{nfkcOfProbe}\" instead of \"{NfkcExpected}\"");
        }

        if (!string.Equals(eraOf20190501, "令和", StringComparison.Ordinal))
        {
            problems.Add($"the Japanese calendar names the era of 2019-05-01 \"{eraOf20190501}\" instead of \"令和\"");
        }

        return problems;
    }
}

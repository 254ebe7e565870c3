using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Senkyo.Domain.Dates;
using Senkyo.Domain.Municipality;
using Senkyo.Storage;
using Senkyo.Web.City;
using Senkyo.Web.Security;
using Senkyo.Web.Store;

namespace Senkyo.Web.Pages.Electors;

/// <summary>
/// 選挙人検索: kana and/or kanji name and/or birth date (和暦 or 西暦), within the account's wards or one of them. The
/// terms are posted, never put in the address, and the store audits the search ("voter.show" with the count shown).
/// Kana forms (ヤマダ, やまだ, ﾔﾏﾀﾞ) and variant kanji (髙/高) are folded by the store's normalizer. Searches count
/// against the per-account "search" limiter, so bulk reading through this screen is throttled.
/// </summary>
[Authorize(Policy = Policies.ElectorRead)]
[EnableRateLimiting(RateLimits.Search)]
public sealed class IndexModel(StoreHost host, CityStore city, ReadingMonitor monitor) : PageModel
{
    public const int MaxNameLength = 64;
    public const int MaxResults = 100;

    [BindProperty]
    public string? Kana { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? BirthDate { get; set; }

    [BindProperty]
    public string? Ward { get; set; }

    public string? Error { get; private set; }

    public DateOnly? Birth { get; private set; }

    public IReadOnlyList<VoterView>? Results { get; private set; }

    public IReadOnlyList<Ward> Wards => [.. city.City.Wards.Where(w => StaffClaims.WardsOf(User).Contains(w.Code))];

    public string WardName(string code) => city.FindWard(code)?.Name ?? code;

    public string DistrictName(string? code) =>
        code is null ? "—" : city.City.VotingDistricts.FirstOrDefault(d => d.Code == code)?.Name is { } name ? $"{name}（{code}）" : code;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var kana = Clean(Kana);
        var name = Clean(Name);
        if (Validate(kana, name) is { } error)
        {
            Error = error;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        IReadOnlyList<string>? wards = null;
        if (!string.IsNullOrEmpty(Ward))
        {
            if (!StaffClaims.WardsOf(User).Contains(Ward))
            {
                Error = "区：担当の区から選んでください。";
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            }

            wards = [Ward];
        }

        var who = StaffAccess.For(User, ElectorPurpose.SearchCode, city.City.Wards.Select(w => w.Code), wards);
        var query = new VoterQuery(kana, name, Birth, MaxResults);
        var found = await host.Store.FindVotersAsync(who, query, ct);
        // The monitor sees every list before the clerk does: a search that trips an alert shows nothing.
        if (await monitor.ObserveSearchAsync(User, query, found, ct))
        {
            return ReadingThrottle.Refuse(HttpContext);
        }

        Results = found;
        return Page();
    }

    private string? Validate(string? kana, string? name)
    {
        if (kana is null && name is null && string.IsNullOrWhiteSpace(BirthDate))
        {
            return "カナ氏名、漢字氏名、生年月日のどれかを入力してください。";
        }

        if (kana is not null)
        {
            if (kana.Length > MaxNameLength)
            {
                return $"カナ氏名：{MaxNameLength}文字までで入力してください。";
            }

            if (!kana.Normalize(NormalizationForm.FormKC).All(IsKana))
            {
                return "カナ氏名：カタカナかひらがなで入力してください（漢字・英数字・記号は使えません）。";
            }
        }

        if (name is not null)
        {
            if (name.Length > MaxNameLength)
            {
                return $"漢字氏名：{MaxNameLength}文字までで入力してください。";
            }

            if (name.Any(char.IsControl))
            {
                return "漢字氏名：使えない文字（制御文字）が含まれています。";
            }
        }

        if (!string.IsNullOrWhiteSpace(BirthDate))
        {
            if (BirthDate.Length > 30)
            {
                return "生年月日：30文字までで入力してください。例：昭和55年4月1日、S55.4.1、1980-04-01";
            }

            if (!WarekiParser.TryParse(BirthDate, out var birth, out var error))
            {
                return "生年月日：" + error;
            }

            Birth = birth;
        }

        return null;
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    // Kana of either script, the long-vowel and iteration marks, the middle dot and spaces between surname and given name.
    private static bool IsKana(char c) =>
        c is (>= '\u3041' and <= '\u309F') or (>= '\u30A0' and <= '\u30FF') or ' ' or '\u3000';
}

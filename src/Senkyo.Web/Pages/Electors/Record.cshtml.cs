using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Senkyo.Domain.Dates;
using Senkyo.Domain.Register;
using Senkyo.Storage;
using Senkyo.Web.City;
using Senkyo.Web.Security;
using Senkyo.Web.Store;

namespace Senkyo.Web.Pages.Electors;

/// <summary>
/// 選挙人の記録の閲覧: opened by POSTing the record's internal id (never in the address), first asking why
/// (<see cref="ElectorPurpose"/>: the purposes offered depend on the role — 受付 only 選挙事務), then read through
/// <see cref="SenkyoStore.ReadElectorAsync"/>, which writes "elector.read" with that purpose before anything is shown.
/// The record shows identity, register entry, its history (登録・表示・抹消・異動 with reasons, dates in 和暦) and the
/// domain's answer to "may this person vote on that day" for an election the user describes (level, 告示日, 投票日).
/// Every post re-reads the record and is audited again; bad input is refused before the store is asked, so it leaves
/// no "elector.read" behind. A person outside the account's wards is refused (403) and the store audits the refusal.
/// </summary>
[Authorize(Policy = Policies.ElectorRead)]
[EnableRateLimiting(RateLimits.Search)]
public sealed class RecordModel(StoreHost host, CityStore city, TimeProvider time, ReadingMonitor monitor) : PageModel
{
    [BindProperty]
    public string? Id { get; set; }

    [BindProperty]
    public string? Purpose { get; set; }

    [BindProperty]
    public string? Reference { get; set; }

    [BindProperty]
    public string? Level { get; set; }

    [BindProperty]
    public string? Announcement { get; set; }

    [BindProperty]
    public string? Polling { get; set; }

    [BindProperty]
    public string? Day { get; set; }

    public string? Error { get; private set; }

    /// <summary>The id was given but no purpose yet: the page asks for one.</summary>
    public bool AskPurpose { get; private set; }

    /// <summary>The purpose was accepted: the election form can be shown (again, to correct a date).</summary>
    public bool PurposeAccepted { get; private set; }

    public ElectorRecord? Record { get; private set; }

    public ElectionDates? Election { get; private set; }

    public DateOnly VotingDay { get; private set; }

    public VotingDecision? Decision { get; private set; }

    public IReadOnlyList<ElectorPurpose> Purposes => ElectorPurpose.For(StaffClaims.RoleOf(User));

    public static IReadOnlyList<(string Code, string Name)> Levels { get; } =
        [("national", "国政（衆議院・参議院）"), ("prefectural", "都道府県（知事・議会）"), ("municipal", "市町村（市長・議会）")];

    public string PurposeName => Purposes.FirstOrDefault(p => p.Code == Purpose)?.Name ?? "";

    public string WardName(string code) => city.FindWard(code)?.Name ?? code;

    public string DistrictName(string? code) =>
        code is null ? "—" : city.City.VotingDistricts.FirstOrDefault(d => d.Code == code)?.Name is { } name ? $"{name}（{code}）" : code;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!long.TryParse(Id, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
        {
            return Refuse(StatusCodes.Status400BadRequest, "記録の指定が正しくありません。選挙人検索から開き直してください。");
        }

        if (string.IsNullOrEmpty(Purpose) && string.IsNullOrEmpty(Reference))
        {
            AskPurpose = true;
            return Page();
        }

        var (purpose, purposeError) = ElectorPurpose.Compose(StaffClaims.RoleOf(User), Purpose, Reference);
        if (purposeError is not null)
        {
            AskPurpose = true;
            return Refuse(StatusCodes.Status400BadRequest, purposeError);
        }

        PurposeAccepted = true;
        if (ReadElection() is { } electionError)
        {
            return Refuse(StatusCodes.Status400BadRequest, electionError);
        }

        try
        {
            Record = await host.Store.ReadElectorAsync(StaffAccess.For(User, purpose!, city.City.Wards.Select(w => w.Code)), id, ct);
        }
        catch (StoreRefusedException)
        {
            // One message for "no such person" and "not in your wards": the refusal must not tell which.
            return Refuse(StatusCodes.Status403Forbidden, "この記録は開けません。担当区の外の選挙人か、記録がありません。この操作は監査記録に残ります。");
        }

        // A record open that completes a scan pattern raises the alert and is itself not shown.
        if (await monitor.ObserveOpenAsync(User, id, ct))
        {
            Record = null;
            return ReadingThrottle.Refuse(HttpContext);
        }

        Decision = Record.VotingOn(Election!, VotingDay);
        return Page();
    }

    /// <summary>The election and day to judge; the defaults are an example, announced 12 days before polling like a 衆議院 general election.</summary>
    private string? ReadElection()
    {
        var level = Level switch
        {
            null or "" or "national" => ElectionLevel.National,
            "prefectural" => ElectionLevel.Prefectural,
            "municipal" => ElectionLevel.Municipal,
            _ => (ElectionLevel?)null,
        };
        if (level is null)
        {
            return "選挙の種類を一覧から選んでください。";
        }

        var (exampleAnnouncement, examplePolling) = ExampleDates(Display.JapanDate(time.GetUtcNow()));
        if (!TryDate(Announcement, exampleAnnouncement, "告示日（公示日）", out var announcement, out var error)
            || !TryDate(Polling, examplePolling, "投票日", out var polling, out error)
            || !TryDate(Day, polling, "判定する日", out var day, out error))
        {
            return error;
        }

        if (announcement >= polling)
        {
            return "告示日（公示日）は投票日より前の日にしてください。";
        }

        Election = new ElectionDates(level.Value, announcement, polling);
        VotingDay = day;
        Level = Levels[(int)level.Value].Code;
        Announcement = Format(announcement);
        Polling = Format(polling);
        Day = Format(day);
        return null;
    }

    /// <summary>The first Sunday at least four weeks ahead as polling day, announced 12 days before it.</summary>
    public static (DateOnly Announcement, DateOnly Polling) ExampleDates(DateOnly today)
    {
        var polling = today.AddDays(28);
        while (polling.DayOfWeek != DayOfWeek.Sunday)
        {
            polling = polling.AddDays(1);
        }

        return (polling.AddDays(-12), polling);
    }

    private static bool TryDate(string? text, DateOnly fallback, string field, out DateOnly date, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            date = fallback;
            return true;
        }

        if (text.Length > 30)
        {
            date = default;
            error = $"{field}：30文字までで入力してください。";
            return false;
        }

        if (!WarekiParser.TryParse(text, out date, out var parseError))
        {
            error = $"{field}：{parseError}";
            return false;
        }

        return true;
    }

    private static string Format(DateOnly d) => Wareki.Format(d);

    private PageResult Refuse(int status, string message)
    {
        Error = message;
        Response.StatusCode = status;
        return Page();
    }
}

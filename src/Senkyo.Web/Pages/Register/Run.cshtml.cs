using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Senkyo.Domain.Dates;
using Senkyo.Domain.Register;
using Senkyo.Storage;
using Senkyo.Web.City;
using Senkyo.Web.Security;
using Senkyo.Web.Store;

namespace Senkyo.Web.Pages.Register;

/// <summary>
/// 名簿の登録: 定時登録 (法22①②), 選挙時登録 (法22③) or 名簿の整理 (表示 法27①, 抹消 法28) in two steps. 確認 shows per ward
/// what the run would register, mark and delete — computed by the run itself in the store and rolled back
/// (<see cref="SenkyoStore.PreviewRegisterAsync"/>) — and issues a one-time request id; 実行 commits that exact run once
/// (<see cref="RegisterRuns"/>), however often the form is submitted.
/// </summary>
[Authorize(Policy = Policies.RegisterMaintenance)]
public sealed class RunModel(StoreHost store, CityStore city, RegisterRuns runs, TimeProvider time) : PageModel
{
    public const string Periodic = "periodic";
    public const string Election = "election";
    public const string Process = "process";

    public static IReadOnlyDictionary<string, string> Levels { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["national"] = "国政選挙（衆議院・参議院）",
        ["prefectural"] = "都道府県の選挙（知事・議会）",
        ["municipal"] = "市の選挙（市長・市議会）",
    };

    [BindProperty]
    public string? Kind { get; set; }

    [BindProperty]
    public string? BaseDate { get; set; }

    [BindProperty]
    public string? Level { get; set; }

    [BindProperty]
    public string? Announcement { get; set; }

    [BindProperty]
    public string? Polling { get; set; }

    [BindProperty]
    public string? AsOf { get; set; }

    [BindProperty]
    public string? RequestId { get; set; }

    public string? Error { get; private set; }

    public RegisterPreview? Preview { get; private set; }

    public string? IssuedId { get; private set; }

    public RunOutcome? Outcome { get; private set; }

    public bool CityWide => RegisterAccess.CoversCity(User, city.City);

    public IEnumerable<string> WardCodes => city.City.Wards.Select(w => w.Code);

    public void OnGet()
    {
        var today = Display.JapanDate(time.GetUtcNow());
        Kind = Periodic;
        BaseDate = Wareki.Format(NextPeriodicBaseDate(today));
        AsOf = Wareki.Format(today);
        Level = "municipal";
    }

    /// <summary>Step 1, 確認: the counts the run would give, and the id that commits exactly this run.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!CityWide)
        {
            return Refuse(RegisterAccess.NotCityWide);
        }

        if (ReadRequest() is not { } request)
        {
            return Page();
        }

        try
        {
            Preview = await store.Store.PreviewRegisterAsync(RegisterAccess.For(User, "register.preview"), request, cancellationToken);
        }
        catch (StoreRefusedException e)
        {
            Error = "確認できませんでした：" + e.Message;
            return Page();
        }

        IssuedId = runs.Issue(AccountId(), request, Preview.Counts);
        return Page();
    }

    /// <summary>Step 2, 実行: runs the previewed request once; a repeated submit shows the same result.</summary>
    public async Task<IActionResult> OnPostCommitAsync()
    {
        if (!CityWide)
        {
            return Refuse(RegisterAccess.NotCityWide);
        }

        var who = RegisterAccess.For(User, "register.run");
        try
        {
            // Not the request's token: a browser abandons the first request when the form is submitted again, and that
            // must not cancel the run the second submit is waiting for.
            Outcome = await runs.RunOnceAsync(RequestId, AccountId(), r => store.Store.RunRegisterAsync(who, r, CancellationToken.None));
        }
        catch (StoreRefusedException e)
        {
            Error = "実行できませんでした：" + e.Message + " もう一度「確認」からやり直してください。";
            return Page();
        }

        if (Outcome is null)
        {
            Error = "この確認画面は使えません（有効期限の" + RegisterRuns.ConfirmationLifetime.TotalMinutes + "分を過ぎたか、別の職員の確認です）。何も実行していません。もう一度「確認」からやり直してください。";
        }

        return Page();
    }

    public string WardName(string code) => RegisterAccess.WardName(city.City, code);

    public static string Describe(RegisterRunRequest request) => request switch
    {
        PeriodicRunRequest p => $"定時登録　基準日 {Display.Date(p.BaseDate)}",
        ElectionRunRequest e => $"選挙時登録　{Levels.GetValueOrDefault(LevelCode(e.Election.Level))}　告示日 {Display.Date(e.Election.AnnouncementDay)}　投票日 {Display.Date(e.Election.PollingDay)}",
        ProcessRunRequest m => $"名簿の整理　{Display.Date(m.AsOf)} 現在",
        _ => request.Kind,
    };

    /// <summary>The next 定時登録 base date (1 Mar/Jun/Sep/Dec, 法22①) on or after <paramref name="day"/>.</summary>
    public static DateOnly NextPeriodicBaseDate(DateOnly day)
    {
        var d = day.Day == 1 ? day : new DateOnly(day.Year, day.Month, 1).AddMonths(1);
        while (!PeriodicRegistration.IsRegistrationMonth(d.Month))
        {
            d = d.AddMonths(1);
        }

        return d;
    }

    private RegisterRunRequest? ReadRequest()
    {
        switch (Kind)
        {
            case Periodic:
                if (ReadDate(BaseDate, "基準日") is not { } baseDate)
                {
                    return null;
                }

                if (baseDate.Day != 1 || !PeriodicRegistration.IsRegistrationMonth(baseDate.Month))
                {
                    Error = $"基準日：定時登録の基準日は3月・6月・9月・12月の1日です（法22①）。{Display.Date(baseDate)} は基準日ではありません。";
                    return null;
                }

                return new PeriodicRunRequest(baseDate, []);
            case Election:
                if (Level is null || !Levels.ContainsKey(Level))
                {
                    Error = "選挙の種類を一覧から選んでください。";
                    return null;
                }

                if (ReadDate(Announcement, "告示日（公示日）") is not { } announcement || ReadDate(Polling, "投票日") is not { } polling)
                {
                    return null;
                }

                if (announcement >= polling)
                {
                    Error = "告示日（公示日）は投票日より前の日にしてください。";
                    return null;
                }

                var level = Level switch { "national" => ElectionLevel.National, "prefectural" => ElectionLevel.Prefectural, _ => ElectionLevel.Municipal };
                return new ElectionRunRequest(new ElectionDates(level, announcement, polling));
            case Process:
                return ReadDate(AsOf, "整理の基準日") is { } asOf ? new ProcessRunRequest(asOf) : null;
            default:
                Error = "登録の種類（定時登録・選挙時登録・名簿の整理）を選んでください。";
                return null;
        }
    }

    private DateOnly? ReadDate(string? text, string field)
    {
        if (WarekiParser.TryParse(text, out var date, out var error))
        {
            return date;
        }

        Error = $"{field}：{error}";
        return null;
    }

    private static string LevelCode(ElectionLevel level) => level switch
    {
        ElectionLevel.National => "national",
        ElectionLevel.Prefectural => "prefectural",
        _ => "municipal",
    };

    private long AccountId() => StaffClaims.AccountIdOf(User) ?? throw new InvalidOperationException("a signed-in staff member has an account id");

    private StatusCodeResult Refuse(string message)
    {
        ErrorPages.SetMessage(HttpContext, message);
        return StatusCode(StatusCodes.Status403Forbidden);
    }
}

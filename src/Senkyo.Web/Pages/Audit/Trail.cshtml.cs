using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Senkyo.Domain.Dates;
using Senkyo.Privacy.Audit;
using Senkyo.Storage;
using Senkyo.Web.Accounts;
using Senkyo.Web.City;
using Senkyo.Web.Pages.Electors;
using Senkyo.Web.Security;
using Senkyo.Web.Store;

namespace Senkyo.Web.Pages.Audit;

/// <summary>
/// 監査ログ: the store's tamper-evident audit trail, newest first, a page at a time, filtered by person (the internal
/// id shown on a record), actor, action and days (和暦 or 西暦, Japan time). The filter is posted, so nothing about a
/// person lands in an address. A button checks the whole chain (<see cref="SenkyoStore.VerifyAuditAsync"/>) and says
/// in Japanese whether it is intact (size and root hash) or where the first bad entry is. Looking through the trail is
/// itself recorded ("audit.query").
/// </summary>
[Authorize(Policy = Policies.AuditReview)]
public sealed class TrailModel(StoreHost host, CityStore city) : PageModel
{
    public const int PageSize = 100;

    public static IReadOnlyDictionary<string, string> ActionNames { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["elector.read"] = "選挙人記録の閲覧",
        ["voter.show"] = "検索結果の表示",
        ["person.search.kana"] = "カナ氏名で検索",
        ["person.search.kanji"] = "漢字氏名で検索",
        ["person.search.birth"] = "生年月日で検索",
        ["person.search.kana_birth"] = "カナ氏名と生年月日で検索",
        ["person.search.kana+kana_surname"] = "カナ氏名または姓で検索",
        ["person.search.kanji+kanji_surname"] = "漢字氏名または姓で検索",
        ["person.search.kana_birth+birth*kana_surname"] = "カナ氏名または姓と生年月日で検索",
        ["person.search.birth*kanji"] = "漢字氏名と生年月日で検索",
        ["person.search.birth*kanji+birth*kanji_surname"] = "漢字氏名または姓と生年月日で検索",
        ["person.read"] = "個人記録の読み出し",
        ["person.create"] = "個人記録の作成",
        ["person.import"] = "住民記録の取り込み",
        ["register.read"] = "登録判定のための読み出し",
        ["register.periodic"] = "定時登録",
        ["register.election"] = "選挙時登録",
        ["register.process"] = "名簿の整理（表示・抹消）",
        ["register.stats"] = "登録者数の集計",
        ["register.extract"] = "名簿抄本の出力",
        ["audit.query"] = "監査ログの検索",
        ["audit.checkpoint"] = "監査ログの署名",
        ["signin.success"] = "サインイン成功",
        ["signin.bad-password"] = "パスワード誤り",
        ["signin.bad-code"] = "確認コード誤り",
        ["account.created"] = "アカウント作成",
        ["store.init"] = "記憶域の作成",
        ["key.create"] = "鍵の作成",
        ["key.rewrap"] = "鍵の再ラップ",
        ["key.rotate"] = "鍵の更新",
    };

    [BindProperty]
    public string? Person { get; set; }

    [BindProperty]
    public string? Actor { get; set; }

    [BindProperty]
    public string? Action { get; set; }

    [BindProperty]
    public string? From { get; set; }

    [BindProperty]
    public string? To { get; set; }

    /// <summary>Continue with events older than this sequence number (the "older" button).</summary>
    [BindProperty]
    public string? Before { get; set; }

    public string? Error { get; private set; }

    public AuditPage? Trail { get; private set; }

    public AuditVerification? Verification { get; private set; }

    public static string ActionName(string action) => ActionNames.GetValueOrDefault(action, "");

    public static string OutcomeName(AuditOutcome outcome) => outcome switch
    {
        AuditOutcome.Success => "成功",
        AuditOutcome.Denied => "拒否",
        AuditOutcome.Failed => "失敗",
        _ => outcome.ToString(),
    };

    public static string RoleName(string role) => StaffRoleNames.TryParse(role, out var r) ? r.Japanese() : role;

    public static DateTimeOffset At(AuditRecord r) => DateTimeOffset.UnixEpoch.AddTicks(r.AtMicros * 10);

    public Task OnGetAsync(CancellationToken ct) => Load(ct);

    public Task OnPostAsync(CancellationToken ct) => Load(ct);

    public async Task OnPostVerifyAsync(CancellationToken ct)
    {
        Verification = await host.Store.VerifyAuditAsync([], ct);
        await Load(ct);
    }

    private async Task Load(CancellationToken ct)
    {
        if (Parse() is not { } query)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        Trail = await host.Store.QueryAuditAsync(StaffAccess.For(User, "audit-review", city.City.Wards.Select(w => w.Code)), query, ct);
    }

    private AuditQuery? Parse()
    {
        long? person = null, before = null;
        DateTimeOffset? from, until;
        if (!string.IsNullOrWhiteSpace(Person))
        {
            if (!long.TryParse(Person.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p <= 0)
            {
                return Fail("内部番号：選挙人の記録に表示される内部番号（半角数字）を入力してください。");
            }

            person = p;
        }

        var actor = Actor?.Trim();
        if (!string.IsNullOrEmpty(actor))
        {
            // A user name alone means the staff member: "meibo01" is the actor "staff:meibo01".
            actor = actor.Contains(':', StringComparison.Ordinal) ? actor : "staff:" + actor;
            if (!AuditEvent.IsCode(actor))
            {
                return Fail("操作者：半角の英数字と記号（. _ - :）で入力してください（例：meibo01、staff:meibo01）。");
            }
        }

        var action = Action?.Trim();
        if (!string.IsNullOrEmpty(action) && !AuditEvent.IsCode(action))
        {
            return Fail("操作：一覧の操作コードを半角で入力してください（例：elector.read）。");
        }

        if (!TryDay(From, "開始日", out var first, out var fromError))
        {
            return Fail(fromError);
        }

        if (!TryDay(To, "終了日", out var last, out var toError))
        {
            return Fail(toError);
        }

        from = first is { } f ? StartOfJapanDay(f) : null;
        until = last is { } l ? StartOfJapanDay(l.AddDays(1)) : null;

        if (!string.IsNullOrEmpty(Before))
        {
            if (!long.TryParse(Before, NumberStyles.None, CultureInfo.InvariantCulture, out var b))
            {
                return Fail("ページの指定が正しくありません。もう一度絞り込んでください。");
            }

            before = b;
        }

        return new AuditQuery(person, string.IsNullOrEmpty(actor) ? null : actor, string.IsNullOrEmpty(action) ? null : action, from, until, before, PageSize);
    }

    private static bool TryDay(string? text, string field, out DateOnly? day, out string error)
    {
        day = null;
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (text.Length > 30)
        {
            error = field + "：30文字までで入力してください。";
            return false;
        }

        if (!WarekiParser.TryParse(text, out var d, out var parseError))
        {
            error = field + "：" + parseError;
            return false;
        }

        day = d;
        return true;
    }

    private AuditQuery? Fail(string message)
    {
        Error = message;
        return null;
    }

    private static DateTimeOffset StartOfJapanDay(DateOnly d) => new(d.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(9));
}

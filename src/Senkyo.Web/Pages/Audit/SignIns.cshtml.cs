using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Senkyo.Domain.Dates;
using Senkyo.Web.Accounts;
using Senkyo.Web.Security;

namespace Senkyo.Web.Pages.Audit;

/// <summary>
/// サインイン記録: the security events of accounts and sign-in, filtered by day, actor and action.
/// The filter is posted, not put in the address, so user names stay out of URLs and logs.
/// </summary>
[Authorize(Policy = Policies.AuditReview)]
public sealed class SignInsModel(IAccountStore store) : PageModel
{
    public static IReadOnlyDictionary<string, string> ActionNames { get; } = new Dictionary<string, string>
    {
        ["signin.success"] = "サインイン成功",
        ["signin.password-ok"] = "パスワード確認",
        ["signin.bad-password"] = "パスワード誤り",
        ["signin.bad-code"] = "確認コード誤り",
        ["signin.code-reused"] = "確認コードの再使用（拒否）",
        ["signin.unknown-user"] = "存在しないユーザー名",
        ["signin.locked"] = "ロック中のサインイン試行",
        ["signin.locked-out"] = "ロック",
        ["signin.disabled"] = "利用停止中のサインイン試行",
        ["signin.totp-enrolled"] = "認証アプリ登録",
        ["account.created"] = "アカウント作成",
        ["account.reset"] = "パスワード再発行",
        ["account.disabled"] = "利用停止",
        ["account.enabled"] = "利用再開",
        ["account.unlocked"] = "ロック解除",
        ["account.scope-changed"] = "役割・担当の変更",
        ["account.password-set"] = "初回パスワード設定",
        ["account.password-changed"] = "パスワード変更",
        ["account.signed-out-everywhere"] = "すべての端末からサインアウト",
    };

    [Microsoft.AspNetCore.Mvc.BindProperty]
    public string? From { get; set; }

    [Microsoft.AspNetCore.Mvc.BindProperty]
    public string? To { get; set; }

    [Microsoft.AspNetCore.Mvc.BindProperty]
    public string? Actor { get; set; }

    [Microsoft.AspNetCore.Mvc.BindProperty]
    public string? Action { get; set; }

    public string? Error { get; private set; }

    public IReadOnlyList<AccountEvent> Events { get; private set; } = [];

    public Task OnGetAsync(CancellationToken ct) => Load(ct);

    public Task OnPostAsync(CancellationToken ct) => Load(ct);

    public static string ActionName(string action) => ActionNames.GetValueOrDefault(action, action);

    private async Task Load(CancellationToken ct)
    {
        DateTimeOffset? from = null, to = null;
        if (!string.IsNullOrWhiteSpace(From))
        {
            if (!WarekiParser.TryParse(From, out var d, out var error))
            {
                Error = $"開始日：{error}";
                return;
            }

            from = StartOfJapanDay(d);
        }

        if (!string.IsNullOrWhiteSpace(To))
        {
            if (!WarekiParser.TryParse(To, out var d, out var error))
            {
                Error = $"終了日：{error}";
                return;
            }

            to = StartOfJapanDay(d.AddDays(1));
        }

        if (!string.IsNullOrEmpty(Action) && !ActionNames.ContainsKey(Action))
        {
            Error = "操作の種類を一覧から選んでください。";
            return;
        }

        Events = await store.ListEventsAsync(
            new AccountEventQuery(from, to, string.IsNullOrWhiteSpace(Actor) ? null : Actor.Trim(), string.IsNullOrEmpty(Action) ? null : Action, 500), ct);
    }

    private static DateTimeOffset StartOfJapanDay(DateOnly d) => new(d.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(9));
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Senkyo.Web.Security;

namespace Senkyo.Web.Pages.Audit;

/// <summary>
/// 閲覧アラート: the open alerts of the reading monitor (閲覧監視) — who, which rule, when, how many people, and
/// whether the reader is still throttled — and the lifting of a throttle by the 監査担当 (itself an audit event).
/// The user to lift is posted, not put in the address.
/// </summary>
[Authorize(Policy = Policies.AuditReview)]
public sealed class AlertsModel(ReadingMonitor monitor) : PageModel
{
    [BindProperty]
    public string? UserName { get; set; }

    public IReadOnlyList<OpenAlert> Alerts { get; private set; } = [];

    public string? Notice { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await Load(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var name = UserName?.Trim() ?? "";
        if (name.Length == 0 || name.Length > 64)
        {
            Error = "解除するユーザーを一覧から選んでください。何も変更されていません。";
        }
        else if (await monitor.LiftAsync(User, name, ct))
        {
            Notice = $"{name} の閲覧制限を解除し、アラートを閉じました（監査ログに記録しました）。";
        }
        else
        {
            Error = $"{name} には解除できるアラートや閲覧制限がありません。何も変更されていません。";
        }

        await Load(ct);
        return Page();
    }

    public static string State(OpenAlert alert) =>
        alert.ThrottledUntil is { } until ? $"閲覧制限中（{Display.DateTime(until)} まで）" : "制限は期限切れ（アラートは未確認）";

    private async Task Load(CancellationToken ct)
    {
        Alerts = await monitor.OpenAlertsAsync(ct);
    }
}

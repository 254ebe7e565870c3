using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Senkyo.Web.Accounts;
using Senkyo.Web.City;
using Senkyo.Web.Pages.SignIn;
using Senkyo.Web.Security;

namespace Senkyo.Web.Pages.Admin.Accounts;

[Authorize(Policy = Policies.AccountAdministration)]
public sealed class EditModel(AccountService accounts, IAccountStore store, CityStore city, TimeProvider time) : PageModel
{
    [BindProperty]
    public ScopeForm Scope { get; set; } = new();

    public ScopeChoices Choices => ScopeChoices.For(User, city);

    public Account Subject { get; private set; } = null!;

    public string? Error { get; private set; }

    public string? Notice { get; private set; }

    public string? OneTimePassword { get; private set; }

    public bool IsSelf => StaffClaims.AccountIdOf(User) == Subject.Id;

    public string Status => IndexModel.Status(Subject, time.GetUtcNow());

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!await Load(id, ct))
        {
            return NotFound();
        }

        Scope = ScopeForm.From(Subject);
        return Page();
    }

    public Task<IActionResult> OnPostScopeAsync(long id, CancellationToken ct) => Act(id, allowSelf: false, async actor =>
    {
        var scope = Scope.ToScope(out var error);
        if ((error ?? accounts.CheckScope(scope!, StaffClaims.WardsOf(User))) is { } problem)
        {
            Error = problem;
            return;
        }

        await accounts.ChangeScopeAsync(Subject.Id, scope!, actor, ct);
        Notice = "役割と担当を変更しました。このアカウントのサインイン中の画面はすべて終了しました。";
    }, ct);

    public Task<IActionResult> OnPostResetAsync(long id, CancellationToken ct) => Act(id, allowSelf: false, async actor =>
    {
        OneTimePassword = await accounts.ResetAsync(Subject.Id, actor, ct);
        Notice = "パスワードを再発行しました。認証アプリの再登録も必要です。";
    }, ct);

    public Task<IActionResult> OnPostDisableAsync(long id, CancellationToken ct) => Act(id, allowSelf: false, async actor =>
    {
        await accounts.SetDisabledAsync(Subject.Id, disabled: true, actor, ct);
        Notice = "利用停止にしました。サインイン中の画面はすべて終了しました。";
    }, ct);

    public Task<IActionResult> OnPostEnableAsync(long id, CancellationToken ct) => Act(id, allowSelf: false, async actor =>
    {
        await accounts.SetDisabledAsync(Subject.Id, disabled: false, actor, ct);
        Notice = "利用を再開しました。";
    }, ct);

    public Task<IActionResult> OnPostUnlockAsync(long id, CancellationToken ct) => Act(id, allowSelf: true, async actor =>
    {
        await accounts.UnlockAsync(Subject.Id, actor, ct);
        Notice = "ロックを解除しました。";
    }, ct);

    private async Task<IActionResult> Act(long id, bool allowSelf, Func<Actor, Task> action, CancellationToken ct)
    {
        if (!await Load(id, ct))
        {
            return NotFound();
        }

        if (!allowSelf && IsSelf)
        {
            Error = "自分自身のアカウントには、この操作はできません（別のシステム管理者に依頼してください）。";
        }
        else if (!WithinScope())
        {
            Error = "担当区の外のアカウントは操作できません。";
        }
        else
        {
            await action(SignInFlow.ActorOf(HttpContext));
        }

        var submitted = Scope;
        await Load(id, ct);
        Scope = Error is null ? ScopeForm.From(Subject) : submitted;
        return Page();
    }

    // An administrator manages only accounts whose every ward lies inside the administrator's own scope.
    private bool WithinScope()
    {
        var own = StaffClaims.WardsOf(User).ToHashSet(StringComparer.Ordinal);
        return Subject.WardCodes.All(own.Contains);
    }

    private async Task<bool> Load(long id, CancellationToken ct)
    {
        var account = await store.FindByIdAsync(id, ct);
        if (account is null)
        {
            return false;
        }

        Subject = account;
        return true;
    }
}

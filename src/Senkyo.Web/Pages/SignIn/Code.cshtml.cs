using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Senkyo.Web.Accounts;
using Senkyo.Web.Security;

namespace Senkyo.Web.Pages.SignIn;

[Authorize(Policy = Policies.SignInInProgress)]
[EnableRateLimiting(RateLimits.SignIn)]
public sealed class CodeModel(AccountService accounts, IAccountStore store, TimeProvider time) : SignInStepModel(store)
{
    [BindProperty]
    public string? Code { get; set; }

    protected override string StepPath => "/signin/code";

    public async Task<IActionResult> OnGetAsync()
    {
        var account = await CurrentAccountAsync();
        return IsThisStep(account) ? Page() : ToOwnStep(account);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var account = await CurrentAccountAsync();
        if (!IsThisStep(account))
        {
            return LocalRedirect("/signin");
        }

        var outcome = await accounts.VerifyCodeAsync(account.Id, Code, SignInFlow.ActorOf(HttpContext), ct);
        switch (outcome)
        {
            case CodeOutcome.Accepted:
                return await SignInFlow.CompleteAsync(this, account, time);
            case CodeOutcome.Reused:
                Error = "この確認コードは使用済みです。認証アプリに次のコードが表示されてから入力してください。";
                break;
            case CodeOutcome.LockedOut:
                await HttpContext.SignOutAsync(AuthSchemes.Pending);
                Error = "失敗が続いたため、このアカウントは一時的にロックされました。しばらく待ってから最初からやり直してください。";
                break;
            default:
                Error = "確認コードが違います。認証アプリに表示されている6桁の数字を入力してください。";
                break;
        }

        Code = null;
        return Page();
    }
}

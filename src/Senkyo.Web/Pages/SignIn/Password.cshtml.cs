using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Senkyo.Web.Accounts;
using Senkyo.Web.Security;

namespace Senkyo.Web.Pages.SignIn;

[Authorize(Policy = Policies.SignInInProgress)]
[EnableRateLimiting(RateLimits.SignIn)]
public sealed class PasswordModel(AccountService accounts, IAccountStore store, TimeProvider time) : PageModel
{
    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? Confirmation { get; set; }

    public string? Error { get; private set; }

    public int MinimumLength => PasswordPolicy.MinimumLengthWithSecondFactor;

    public async Task<IActionResult> OnGetAsync()
    {
        var account = await SignInFlow.CurrentAsync(HttpContext, store);
        return account is null ? LocalRedirect("/signin")
            : SignInFlow.NextStep(account) != "/signin/password" ? LocalRedirect(SignInFlow.NextStep(account))
            : Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var account = await SignInFlow.CurrentAsync(HttpContext, store);
        if (account is null || SignInFlow.NextStep(account) != "/signin/password")
        {
            return LocalRedirect("/signin");
        }

        if (!string.Equals(NewPassword, Confirmation, StringComparison.Ordinal))
        {
            Error = "確認のために入力したパスワードが一致しません。";
            return Page();
        }

        Error = await accounts.ReplaceOneTimePasswordAsync(account.Id, NewPassword, SignInFlow.ActorOf(HttpContext), ct);
        if (Error is not null)
        {
            return Page();
        }

        var updated = await store.FindByIdAsync(account.Id, ct);
        await SignInFlow.RenewAsync(HttpContext, updated!, time);
        return LocalRedirect(SignInFlow.NextStep(updated!));
    }
}

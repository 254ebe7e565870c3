using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Senkyo.Web.Accounts;
using Senkyo.Web.Security;

namespace Senkyo.Web.Pages.SignIn;

[Authorize(Policy = Policies.SignInInProgress)]
[EnableRateLimiting(RateLimits.SignIn)]
public sealed class PasswordModel(AccountService accounts, IAccountStore store, TimeProvider time) : SignInStepModel(store)
{
    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? Confirmation { get; set; }

    protected override string StepPath => "/signin/password";

    public int MinimumLength => PasswordPolicy.MinimumLengthWithSecondFactor;

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

        Error = PasswordConfirmation.Mismatch(NewPassword, Confirmation)
            ?? await accounts.ReplaceOneTimePasswordAsync(account.Id, NewPassword, SignInFlow.ActorOf(HttpContext), ct);
        if (Error is not null)
        {
            return Page();
        }

        var updated = await Store.FindByIdAsync(account.Id, ct);
        await SignInFlow.RenewAsync(HttpContext, updated!, time);
        return LocalRedirect(SignInFlow.NextStep(updated!));
    }
}

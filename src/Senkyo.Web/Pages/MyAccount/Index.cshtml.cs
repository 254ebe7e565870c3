using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Senkyo.Web.Accounts;
using Senkyo.Web.Pages.SignIn;
using Senkyo.Web.Security;

namespace Senkyo.Web.Pages.MyAccount;

[Authorize(Policy = Policies.Staff)]
public sealed class IndexModel(AccountService accounts) : PageModel
{
    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? Confirmation { get; set; }

    public string? Error { get; private set; }

    public int MinimumLength => PasswordPolicy.MinimumLengthWithSecondFactor;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken ct)
    {
        Error = PasswordConfirmation.Mismatch(NewPassword, Confirmation)
            ?? await accounts.ChangePasswordAsync(StaffClaims.AccountIdOf(User)!.Value, CurrentPassword, NewPassword, SignInFlow.ActorOf(HttpContext), ct);
        if (Error is not null)
        {
            return Page();
        }

        // The new security stamp ends every session, this one included: sign in again with the new password.
        await HttpContext.SignOutAsync(AuthSchemes.Staff);
        return LocalRedirect("/signin");
    }

    public async Task<IActionResult> OnPostSignOutEverywhereAsync(CancellationToken ct)
    {
        await accounts.SignOutEverywhereAsync(StaffClaims.AccountIdOf(User)!.Value, SignInFlow.ActorOf(HttpContext), ct);
        await HttpContext.SignOutAsync(AuthSchemes.Staff);
        return LocalRedirect("/signin");
    }
}

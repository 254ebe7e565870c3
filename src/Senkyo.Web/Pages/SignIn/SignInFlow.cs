using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Senkyo.Web.Accounts;
using Senkyo.Web.Security;

namespace Senkyo.Web.Pages.SignIn;

/// <summary>
/// The steps of a sign-in after the password: one-time password change, TOTP enrolment, TOTP code.
/// The half-finished state lives in its own short-lived cookie (<see cref="AuthSchemes.Pending"/>);
/// the staff session is issued only when the code is accepted.
/// </summary>
public static class SignInFlow
{
    public const string ReturnClaim = "senkyo:return";

    public static string NextStep(Account account) =>
        account.MustChangePassword ? "/signin/password"
        : !account.TotpEnrolled ? "/signin/enroll"
        : "/signin/code";

    public static Task BeginAsync(HttpContext http, Account account, string? returnUrl, TimeProvider time)
    {
        var principal = StaffClaims.ForPending(account, time.GetUtcNow());
        if (IsLocal(returnUrl))
        {
            ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(ReturnClaim, returnUrl!));
        }

        return http.SignInAsync(AuthSchemes.Pending, principal, new AuthenticationProperties { IsPersistent = false });
    }

    /// <summary>Keeps the sign-in going after a change of security stamp (the password was just changed).</summary>
    public static async Task RenewAsync(HttpContext http, Account account, TimeProvider time)
    {
        var returnUrl = http.User.FindFirst(ReturnClaim)?.Value;
        await BeginAsync(http, account, returnUrl, time);
    }

    public static async Task<IActionResult> CompleteAsync(PageModel page, Account account, TimeProvider time)
    {
        var http = page.HttpContext;
        var returnUrl = http.User.FindFirst(ReturnClaim)?.Value;
        await http.SignOutAsync(AuthSchemes.Pending);
        await http.SignInAsync(AuthSchemes.Staff, StaffClaims.ForSession(account, time.GetUtcNow()),
            new AuthenticationProperties { IsPersistent = false });
        return page.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
    }

    public static async Task<Account?> CurrentAsync(HttpContext http, IAccountStore store) =>
        StaffClaims.AccountIdOf(http.User) is { } id ? await store.FindByIdAsync(id, http.RequestAborted) : null;

    public static Actor ActorOf(HttpContext http, string? userName = null) =>
        new(userName ?? http.User.Identity?.Name ?? "-", http.Connection.RemoteIpAddress?.ToString());

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.StartsWith("/signin", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("/signout", StringComparison.OrdinalIgnoreCase);
}

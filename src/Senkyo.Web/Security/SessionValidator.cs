using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Senkyo.Web.Accounts;

namespace Senkyo.Web.Security;

/// <summary>
/// Runs on every request with a session cookie: the session ends when the account is gone or
/// disabled, when its security stamp changed (password change, reset, sign-out everywhere, role
/// or ward change), or when the absolute lifetime (12 h) has passed since sign-in. The idle
/// timeout (30 min) is the cookie ticket's sliding expiry.
/// </summary>
public sealed class SessionValidator(IAccountStore store, TimeProvider time, IOptions<SenkyoWebOptions> options)
{
    public async Task ValidateAsync(CookieValidatePrincipalContext context, TimeSpan absoluteLifetime)
    {
        var principal = context.Principal;
        var id = principal is null ? null : StaffClaims.AccountIdOf(principal);
        var issued = principal is null ? null : StaffClaims.IssuedAtOf(principal);
        var account = id is null ? null : await store.FindByIdAsync(id.Value, context.HttpContext.RequestAborted);
        var valid = account is not null
            && issued is not null
            && !account.Disabled
            && string.Equals(account.SecurityStamp, principal!.FindFirst(StaffClaims.Stamp)?.Value, StringComparison.Ordinal)
            && time.GetUtcNow() - issued.Value < absoluteLifetime;
        if (!valid)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(context.Scheme.Name);
        }
    }

    public Task ValidateSessionAsync(CookieValidatePrincipalContext context) =>
        ValidateAsync(context, options.Value.Session.AbsoluteTimeout);

    public Task ValidatePendingAsync(CookieValidatePrincipalContext context) =>
        ValidateAsync(context, options.Value.Session.PendingSignInTimeout);
}

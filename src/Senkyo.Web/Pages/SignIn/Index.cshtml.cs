using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Senkyo.Web.Accounts;
using Senkyo.Web.Security;

namespace Senkyo.Web.Pages.SignIn;

[AllowAnonymous]
[EnableRateLimiting(RateLimits.SignIn)]
public sealed class IndexModel(AccountService accounts, TimeProvider time) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "ユーザー名を入力してください。")]
    [StringLength(64, ErrorMessage = "ユーザー名が長すぎます。")]
    public string? UserName { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "パスワードを入力してください。")]
    [StringLength(PasswordPolicy.MaximumLength * 2, ErrorMessage = "パスワードが長すぎます。")]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public IActionResult OnGet() =>
        User.Identity?.IsAuthenticated == true && User.HasClaim("amr", "mfa") ? LocalRedirect("/") : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await accounts.CheckPasswordAsync(UserName!, Password!, SignInFlow.ActorOf(HttpContext, UserName), ct);
        switch (result.Outcome)
        {
            case PasswordOutcome.Success:
                await SignInFlow.BeginAsync(HttpContext, result.Account!, ReturnUrl, time);
                return LocalRedirect(SignInFlow.NextStep(result.Account!));
            case PasswordOutcome.LockedOut:
                Error = "失敗が続いたため、このアカウントは一時的にロックされています。しばらく待ってからお試しください。急ぐ場合はシステム管理者に連絡してください。";
                break;
            case PasswordOutcome.Disabled:
                Error = "このアカウントは利用停止中です。システム管理者に連絡してください。";
                break;
            default:
                Error = "ユーザー名またはパスワードが違います。";
                break;
        }

        Password = null;
        return Page();
    }
}

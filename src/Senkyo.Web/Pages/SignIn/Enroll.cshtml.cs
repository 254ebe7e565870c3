using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Senkyo.Web.Accounts;
using Senkyo.Web.Security;

namespace Senkyo.Web.Pages.SignIn;

[Authorize(Policy = Policies.SignInInProgress)]
[EnableRateLimiting(RateLimits.SignIn)]
public sealed class EnrollModel(AccountService accounts, IAccountStore store, TimeProvider time) : SignInStepModel(store)
{
    [BindProperty]
    public string? Code { get; set; }

    protected override string StepPath => "/signin/enroll";

    public string QrCode { get; private set; } = "";

    /// <summary>The secret in groups of four, for typing into an app by hand.</summary>
    public string SecretForTyping { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var account = await CurrentAccountAsync();
        if (!IsThisStep(account))
        {
            return ToOwnStep(account);
        }

        await Prepare(account, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var account = await CurrentAccountAsync();
        if (!IsThisStep(account))
        {
            return LocalRedirect("/signin");
        }

        var outcome = await accounts.ConfirmEnrolmentAsync(account.Id, Code, SignInFlow.ActorOf(HttpContext), ct);
        if (outcome == CodeOutcome.Accepted)
        {
            return await SignInFlow.CompleteAsync(this, account, time);
        }

        Error = outcome switch
        {
            CodeOutcome.Reused => "この確認コードは使用済みです。次のコードが表示されてから入力してください。",
            CodeOutcome.LockedOut => "失敗が続いたため、このアカウントは一時的にロックされました。しばらく待ってから最初からやり直してください。",
            _ => "確認コードが違います。認証アプリの時刻設定と、読み取ったQRコードを確認してください。",
        };
        Code = null;
        await Prepare(account, ct);
        return Page();
    }

    private async Task Prepare(Account account, CancellationToken ct)
    {
        var secret = await accounts.PendingSecretAsync(account.Id, ct);
        QrCode = TotpAuthenticator.QrCodeDataUri(TotpAuthenticator.ProvisioningUri(secret, AccountService.Issuer, account.UserName));
        var base32 = TotpAuthenticator.ToBase32(secret);
        SecretForTyping = string.Join(' ', base32.Chunk(4).Select(c => new string(c)));
    }
}

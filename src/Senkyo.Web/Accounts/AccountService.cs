using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Senkyo.Privacy.Audit;
using Senkyo.Storage;
using Senkyo.Web.City;
using Senkyo.Web.Store;

namespace Senkyo.Web.Accounts;

/// <summary>Who does something to accounts, for the security events.</summary>
public sealed record Actor(string UserName, string? Remote)
{
    public static Actor System { get; } = new("system", null);
}

public enum PasswordOutcome { Success, Invalid, LockedOut, Disabled }

public sealed record PasswordSignIn(PasswordOutcome Outcome, Account? Account);

public enum CodeOutcome { Accepted, Invalid, Reused, LockedOut }

/// <summary>What an administrator asks for when creating or changing an account.</summary>
public sealed record AccountScope(StaffRole Role, IReadOnlyList<string> WardCodes, string? PlaceCode);

/// <summary>
/// Sign-in and account administration: password check with lockout, one-use TOTP codes, enrolment,
/// one-time passwords, and a security event for every change. Mutations run one at a time so a
/// burst of failures cannot race past the lockout count.
/// </summary>
public sealed class AccountService(
    IAccountStore store,
    PasswordHasher hasher,
    PasswordPolicy policy,
    TotpAuthenticator totp,
    CityStore city,
    IDataProtectionProvider protection,
    IOptions<SenkyoWebOptions> options,
    StoreHost audit,
    TimeProvider time) : IDisposable
{
    public const string Issuer = "Senkyo";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly IDataProtector _secrets = protection.CreateProtector("Senkyo.Accounts.TotpSecret.v1");

    private SignInOptions SignIn => options.Value.SignIn;

    public PasswordPolicy Policy => policy;

    public async Task<PasswordSignIn> CheckPasswordAsync(string userName, string password, Actor actor, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var account = await store.FindByUserNameAsync(userName, ct);
            if (account is null)
            {
                hasher.VerifyDecoy(password);
                await Record(actor, "signin.unknown-user", "-", null, ct);
                return new PasswordSignIn(PasswordOutcome.Invalid, null);
            }

            var now = time.GetUtcNow();
            if (account.IsLockedAt(now))
            {
                await Record(actor, "signin.locked", account.UserName, null, ct);
                return new PasswordSignIn(PasswordOutcome.LockedOut, account);
            }

            if (!hasher.Verify(password, account.Password))
            {
                var outcome = await RegisterFailure(account, actor, "signin.bad-password", ct);
                return new PasswordSignIn(outcome, account);
            }

            if (account.Disabled)
            {
                await Record(actor, "signin.disabled", account.UserName, null, ct);
                return new PasswordSignIn(PasswordOutcome.Disabled, account);
            }

            await Record(actor, "signin.password-ok", account.UserName, null, ct);
            return new PasswordSignIn(PasswordOutcome.Success, account);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Checks a code of an enrolled account; success ends failures and sets the last sign-in.</summary>
    public Task<CodeOutcome> VerifyCodeAsync(long accountId, string? code, Actor actor, CancellationToken ct) =>
        VerifyAsync(accountId, code, enrolment: false, actor, ct);

    /// <summary>Confirms enrolment with a code from the pending secret, which then becomes the account's secret.</summary>
    public Task<CodeOutcome> ConfirmEnrolmentAsync(long accountId, string? code, Actor actor, CancellationToken ct) =>
        VerifyAsync(accountId, code, enrolment: true, actor, ct);

    /// <summary>The secret to show for enrolment; made once and kept until confirmed.</summary>
    public async Task<byte[]> PendingSecretAsync(long accountId, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var account = await Get(accountId, ct);
            if (account.PendingTotpSecret is { } existing)
            {
                return _secrets.Unprotect(existing);
            }

            var secret = TotpAuthenticator.NewSecret();
            await store.UpdateAsync(account with { PendingTotpSecret = _secrets.Protect(secret) }, ct);
            return secret;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Null on success, otherwise the reason in Japanese. Ends every other session.</summary>
    public async Task<string?> ChangePasswordAsync(long accountId, string? current, string? newPassword, Actor actor, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var account = await Get(accountId, ct);
            if (current is null || !hasher.Verify(current, account.Password))
            {
                return "現在のパスワードが違います。";
            }

            if (policy.Check(newPassword, account.UserName) is { } problem)
            {
                return problem;
            }

            if (hasher.Verify(newPassword!, account.Password))
            {
                return "現在と同じパスワードは使えません。";
            }

            await store.UpdateAsync(account with
            {
                Password = hasher.Hash(newPassword!),
                MustChangePassword = false,
                SecurityStamp = NewStamp(),
            }, ct);
            await Record(actor, "account.password-changed", account.UserName, null, ct);
            return null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Replaces a one-time password during sign-in (the pending sign-in proved knowledge of it).
    /// Null on success, otherwise the reason in Japanese.
    /// </summary>
    public async Task<string?> ReplaceOneTimePasswordAsync(long accountId, string? newPassword, Actor actor, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var account = await Get(accountId, ct);
            if (!account.MustChangePassword)
            {
                return "パスワードはすでに設定されています。";
            }

            if (policy.Check(newPassword, account.UserName) is { } problem)
            {
                return problem;
            }

            if (hasher.Verify(newPassword!, account.Password))
            {
                return "一時パスワードとは別のパスワードを設定してください。";
            }

            await store.UpdateAsync(account with
            {
                Password = hasher.Hash(newPassword!),
                MustChangePassword = false,
                SecurityStamp = NewStamp(),
            }, ct);
            await Record(actor, "account.password-set", account.UserName, null, ct);
            return null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>サインアウト（すべての端末）: a new security stamp ends every session of the account.</summary>
    public Task SignOutEverywhereAsync(long accountId, Actor actor, CancellationToken ct) =>
        Mutate(accountId, a => a with { SecurityStamp = NewStamp() }, actor, "account.signed-out-everywhere", null, ct);

    public async Task<(Account Account, string OneTimePassword)> CreateAsync(
        string userName, string displayName, AccountScope scope, Actor actor, CancellationToken ct)
    {
        var password = OneTimePassword.Generate();
        var account = new Account(
            0, userName, displayName, scope.Role, scope.WardCodes, scope.PlaceCode, hasher.Hash(password),
            MustChangePassword: true, TotpSecret: null, PendingTotpSecret: null, TotpLastStep: 0, FailedAttempts: 0,
            LockedUntil: null, Disabled: false, SecurityStamp: NewStamp(), CreatedAt: time.GetUtcNow(), LastSignInAt: null);
        account = await store.InsertAsync(account, ct);
        await Record(actor, "account.created", userName, $"{scope.Role} {string.Join(',', scope.WardCodes)} {scope.PlaceCode}".TrimEnd(), ct);
        return (account, password);
    }

    /// <summary>パスワード再発行: a new one-time password and a new TOTP enrolment (lost device or forgotten password).</summary>
    public async Task<string> ResetAsync(long accountId, Actor actor, CancellationToken ct)
    {
        var password = OneTimePassword.Generate();
        await Mutate(accountId, a => a with
        {
            Password = hasher.Hash(password),
            MustChangePassword = true,
            TotpSecret = null,
            PendingTotpSecret = null,
            FailedAttempts = 0,
            LockedUntil = null,
            SecurityStamp = NewStamp(),
        }, actor, "account.reset", null, ct);
        return password;
    }

    public Task SetDisabledAsync(long accountId, bool disabled, Actor actor, CancellationToken ct) =>
        Mutate(accountId, a => a with { Disabled = disabled, SecurityStamp = NewStamp() }, actor,
            disabled ? "account.disabled" : "account.enabled", null, ct);

    public Task UnlockAsync(long accountId, Actor actor, CancellationToken ct) =>
        Mutate(accountId, a => a with { FailedAttempts = 0, LockedUntil = null }, actor, "account.unlocked", null, ct);

    public Task ChangeScopeAsync(long accountId, AccountScope scope, Actor actor, CancellationToken ct) =>
        Mutate(accountId, a => a with
        {
            Role = scope.Role,
            WardCodes = scope.WardCodes,
            PlaceCode = scope.PlaceCode,
            SecurityStamp = NewStamp(),
        }, actor, "account.scope-changed", $"{scope.Role} {string.Join(',', scope.WardCodes)} {scope.PlaceCode}".TrimEnd(), ct);

    /// <summary>
    /// Null when the role, wards and place fit together and within what <paramref name="grantorWards"/>
    /// may hand out (an administrator grants only wards of their own scope); otherwise the reason.
    /// </summary>
    public string? CheckScope(AccountScope scope, IReadOnlyCollection<string> grantorWards)
    {
        if (scope.WardCodes.Count == 0)
        {
            return "担当区を1つ以上選んでください。";
        }

        foreach (var ward in scope.WardCodes)
        {
            if (city.FindWard(ward) is null)
            {
                return $"担当区のコード {ward} はこの市にありません。";
            }

            if (!grantorWards.Contains(ward))
            {
                return $"担当区 {city.FindWard(ward)!.Name} はあなたの担当外のため割り当てられません。";
            }
        }

        if (scope.Role == StaffRole.Reception)
        {
            var place = city.FindPlace(scope.PlaceCode);
            if (place is null)
            {
                return "受付の職員には担当の投票所または期日前投票所を1つ選んでください。";
            }

            if (!scope.WardCodes.Contains(place.WardCode))
            {
                return "担当の投票所は担当区の中から選んでください。";
            }
        }
        else if (!string.IsNullOrEmpty(scope.PlaceCode))
        {
            return "担当の投票所は受付の職員にだけ割り当てます。";
        }

        return null;
    }

    /// <summary>First start: the administrator of all wards, with a one-time password the caller shows once.</summary>
    public async Task<string?> BootstrapAdministratorAsync(CancellationToken ct)
    {
        if (await store.CountAsync(ct) > 0)
        {
            return null;
        }

        var wards = city.City.Wards.Select(w => w.Code).ToArray();
        var (_, password) = await CreateAsync("admin", "システム管理者", new AccountScope(StaffRole.SystemAdministrator, wards, null), Actor.System, ct);
        return password;
    }

    private async Task<CodeOutcome> VerifyAsync(long accountId, string? code, bool enrolment, Actor actor, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var account = await Get(accountId, ct);
            if (account.IsLockedAt(time.GetUtcNow()))
            {
                return CodeOutcome.LockedOut;
            }

            var protectedSecret = enrolment ? account.PendingTotpSecret : account.TotpSecret;
            long? step = protectedSecret is null ? null : totp.Verify(_secrets.Unprotect(protectedSecret), code);
            if (step is null)
            {
                return await RegisterFailure(account, actor, "signin.bad-code", ct) == PasswordOutcome.LockedOut
                    ? CodeOutcome.LockedOut
                    : CodeOutcome.Invalid;
            }

            if (!await store.TryConsumeTotpStepAsync(account.Id, step.Value, ct))
            {
                await Record(actor, "signin.code-reused", account.UserName, null, ct);
                return CodeOutcome.Reused;
            }

            account = await Get(accountId, ct);
            await store.UpdateAsync(account with
            {
                TotpSecret = enrolment ? account.PendingTotpSecret : account.TotpSecret,
                PendingTotpSecret = enrolment ? null : account.PendingTotpSecret,
                FailedAttempts = 0,
                LockedUntil = null,
                LastSignInAt = time.GetUtcNow(),
            }, ct);
            await Record(actor, enrolment ? "signin.totp-enrolled" : "signin.success", account.UserName, null, ct);
            return CodeOutcome.Accepted;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<PasswordOutcome> RegisterFailure(Account account, Actor actor, string action, CancellationToken ct)
    {
        var failures = account.FailedAttempts + 1;
        var lockNow = failures >= SignIn.MaxFailedAttempts;
        await store.UpdateAsync(account with
        {
            FailedAttempts = lockNow ? 0 : failures,
            LockedUntil = lockNow ? time.GetUtcNow() + SignIn.LockoutDuration : account.LockedUntil,
        }, ct);
        await Record(actor, action, account.UserName, null, ct);
        if (lockNow)
        {
            await Record(actor, "signin.locked-out", account.UserName, null, ct);
            return PasswordOutcome.LockedOut;
        }

        return PasswordOutcome.Invalid;
    }

    private async Task Mutate(long accountId, Func<Account, Account> change, Actor actor, string action, string? detail, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var account = await Get(accountId, ct);
            await store.UpdateAsync(change(account), ct);
            await Record(actor, action, account.UserName, detail, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Account> Get(long id, CancellationToken ct) =>
        await store.FindByIdAsync(id, ct) ?? throw new InvalidOperationException($"account {id} does not exist");

    /// <summary>
    /// Every account and sign-in event goes twice: into the account store (with the client address and detail, for the
    /// サインイン記録 screen) and into the store's tamper-evident audit chain, where the actor is the staff member and the
    /// purpose names the account acted on. A sign-in whose event cannot be chained fails.
    /// </summary>
    private async Task Record(Actor actor, string action, string subject, string? detail, CancellationToken ct)
    {
        await store.AppendEventAsync(new AccountEvent(0, time.GetUtcNow(), actor.UserName, action, subject, actor.Remote, detail), ct);
        var who = new AccessContext(AuditCode("staff:", actor.UserName), "account", "*", AuditCode("account:", subject));
        var outcome = action is "signin.success" or "signin.password-ok" or "signin.totp-enrolled" || action.StartsWith("account.", StringComparison.Ordinal)
            ? AuditOutcome.Success
            : AuditOutcome.Denied;
        await audit.Store.RecordAsync(who, action, SubjectSet.Empty, outcome, null, ct);
    }

    /// <summary>User names are [a-z0-9._-] by rule; anything else (a name typed at sign-in that matches no account) is not chained.</summary>
    private static string AuditCode(string prefix, string value) =>
        AuditEvent.IsCode(prefix + value) ? prefix + value : prefix + "-";

    private static string NewStamp() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    public void Dispose() => _gate.Dispose();
}

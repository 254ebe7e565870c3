namespace Senkyo.Web.Accounts;

/// <summary>
/// A staff account as stored. Secrets are never plain: the password only as a PBKDF2 hash,
/// the TOTP secret only as Data Protection ciphertext.
/// </summary>
/// <param name="WardCodes">The wards (区) this account works in; never empty.</param>
/// <param name="PlaceCode">For 受付 only: the one 投票所 or 期日前投票所 the account checks voters in at.</param>
/// <param name="MustChangePassword">The current password is a one-time password issued by the system.</param>
/// <param name="TotpSecret">Protected TOTP secret once enrolment is confirmed; null before.</param>
/// <param name="PendingTotpSecret">Protected secret shown during enrolment, until a code confirms it.</param>
/// <param name="TotpLastStep">Last 30-second time step accepted: a code is usable only once.</param>
/// <param name="SecurityStamp">Changes on every security-relevant change; sessions carrying an old stamp end.</param>
public sealed record Account(
    long Id,
    string UserName,
    string DisplayName,
    StaffRole Role,
    IReadOnlyList<string> WardCodes,
    string? PlaceCode,
    PasswordHash Password,
    bool MustChangePassword,
    byte[]? TotpSecret,
    byte[]? PendingTotpSecret,
    long TotpLastStep,
    int FailedAttempts,
    DateTimeOffset? LockedUntil,
    bool Disabled,
    string SecurityStamp,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastSignInAt)
{
    public bool TotpEnrolled => TotpSecret is not null;

    public bool IsLockedAt(DateTimeOffset now) => LockedUntil is { } until && until > now;
}

/// <summary>A security event about accounts and sign-in (who, what, to whom, when, from where); no secrets.</summary>
public sealed record AccountEvent(long Id, DateTimeOffset At, string Actor, string Action, string Subject, string? Remote, string? Detail);

public sealed record AccountEventQuery(DateTimeOffset? From, DateTimeOffset? To, string? Actor, string? Action, int Limit = 200);

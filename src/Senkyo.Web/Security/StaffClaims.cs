using System.Globalization;
using System.Security.Claims;
using Senkyo.Web.Accounts;

namespace Senkyo.Web.Security;

/// <summary>Claim types of a staff session and of a half-finished sign-in.</summary>
public static class StaffClaims
{
    public const string AccountId = ClaimTypes.NameIdentifier;
    public const string Stamp = "senkyo:stamp";
    public const string IssuedAt = "senkyo:issued";
    public const string Ward = "senkyo:ward";
    public const string Place = "senkyo:place";
    public const string Pending = "senkyo:pending";

    public static ClaimsPrincipal ForSession(Account account, DateTimeOffset issuedAt)
    {
        var claims = new List<Claim>
        {
            new(AccountId, account.Id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, account.UserName),
            new(ClaimTypes.Role, account.Role.ToString()),
            new(Stamp, account.SecurityStamp),
            new(IssuedAt, issuedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            new("amr", "mfa"),
        };
        claims.AddRange(account.WardCodes.Select(w => new Claim(Ward, w)));
        if (account.PlaceCode is { } place)
        {
            claims.Add(new Claim(Place, place));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, AuthSchemes.Staff));
    }

    public static ClaimsPrincipal ForPending(Account account, DateTimeOffset issuedAt) =>
        new(new ClaimsIdentity(
            [
                new Claim(AccountId, account.Id.ToString(CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Name, account.UserName),
                new Claim(Stamp, account.SecurityStamp),
                new Claim(IssuedAt, issuedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
                new Claim(Pending, "password-verified"),
            ],
            AuthSchemes.Pending));

    public static long? AccountIdOf(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(AccountId), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    public static IReadOnlyList<string> WardsOf(ClaimsPrincipal user) =>
        user.FindAll(Ward).Select(c => c.Value).ToArray();

    public static StaffRole? RoleOf(ClaimsPrincipal user) =>
        StaffRoleNames.TryParse(user.FindFirstValue(ClaimTypes.Role), out var role) ? role : null;

    public static DateTimeOffset? IssuedAtOf(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(IssuedAt), NumberStyles.None, CultureInfo.InvariantCulture, out var s)
            ? DateTimeOffset.FromUnixTimeSeconds(s)
            : null;
}

public static class AuthSchemes
{
    /// <summary>The staff session, issued only after password and TOTP code.</summary>
    public const string Staff = "Senkyo.Staff";

    /// <summary>A half-finished sign-in: password verified, code (or password change, enrolment) still to do.</summary>
    public const string Pending = "Senkyo.Pending";
}

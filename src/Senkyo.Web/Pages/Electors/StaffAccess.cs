using System.Security.Claims;
using Senkyo.Privacy.Audit;
using Senkyo.Storage;
using Senkyo.Web.Security;

namespace Senkyo.Web.Pages.Electors;

/// <summary>
/// The store's <see cref="AccessContext"/> for the signed-in staff member: actor "staff:&lt;user name&gt;", the role's
/// name, the account's wards (narrowed to one when a screen filters by ward) and the purpose code. Everything in it
/// goes into the audit chain, so each part is a code (<see cref="AuditEvent.IsCode"/>). An account holding every ward of
/// the city has the scope "*": a metropolis's 23 ward codes would not fit in one audit code.
/// </summary>
public static class StaffAccess
{
    public static AccessContext For(ClaimsPrincipal user, string purpose, IEnumerable<string> cityWards, IReadOnlyList<string>? wards = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(cityWards);
        var name = user.Identity?.Name ?? "";
        var actor = AuditEvent.IsCode("staff:" + name) ? "staff:" + name : "staff:-";
        var role = StaffClaims.RoleOf(user)?.ToString() ?? throw new InvalidOperationException("a staff session carries a role");
        wards ??= StaffClaims.WardsOf(user);
        // An account without wards sees no one: a scope of a code no ward has, never "*".
        var scope = wards.Count == 0 ? "none"
            : cityWards.All(wards.Contains) ? "*"
            : string.Join(',', wards);
        return new AccessContext(actor, role, scope, purpose);
    }
}

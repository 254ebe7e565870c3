using System.Security.Claims;
using Senkyo.Domain.Municipality;
using Senkyo.Privacy.Audit;
using Senkyo.Storage;
using Senkyo.Web.Security;

namespace Senkyo.Web.Pages.Register;

/// <summary>
/// Who is acting, for the store: the signed-in 名簿担当 as an <see cref="AccessContext"/> (actor <c>staff:NAME</c>, role,
/// wards, purpose). Imports and registration runs work on the whole city's register at once, so they are for
/// accounts whose ward scope covers every ward; a clerk of some wards only is refused (a 403 page saying why).
/// </summary>
public static class RegisterAccess
{
    public const string NotCityWide =
        "住民記録の取込と名簿の登録は市内全体の名簿を一度に変更するため、すべての区を担当するアカウントだけが実行できます。担当区の変更はシステム管理者に依頼してください。何も変更されていません。";

    public static AccessContext For(ClaimsPrincipal user, string purpose)
    {
        ArgumentNullException.ThrowIfNull(user);
        var actor = "staff:" + user.Identity?.Name;
        return new AccessContext(
            AuditEvent.IsCode(actor) ? actor : "staff:-",
            StaffClaims.RoleOf(user)?.ToString() ?? "-",
            string.Join(',', StaffClaims.WardsOf(user)),
            purpose);
    }

    public static bool CoversCity(ClaimsPrincipal user, Municipality city)
    {
        ArgumentNullException.ThrowIfNull(city);
        var wards = StaffClaims.WardsOf(user).ToHashSet(StringComparer.Ordinal);
        return city.Wards.All(w => wards.Contains(w.Code));
    }

    public static string WardName(Municipality city, string code)
    {
        ArgumentNullException.ThrowIfNull(city);
        return city.Wards.FirstOrDefault(w => w.Code == code)?.Name ?? code;
    }
}

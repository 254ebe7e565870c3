using Senkyo.Web.Accounts;
using Senkyo.Web.City;
using Senkyo.Web.Security;

namespace Senkyo.Web.Pages.Admin.Accounts;

/// <summary>Role, wards and place as posted by the account forms, and the choices to offer.</summary>
public sealed class ScopeForm
{
    public string? Role { get; set; }

    public List<string> Wards { get; set; } = [];

    public string? PlaceCode { get; set; }

    public AccountScope? ToScope(out string? error)
    {
        if (!StaffRoleNames.TryParse(Role, out var role))
        {
            error = "役割を選んでください。";
            return null;
        }

        error = null;
        return new AccountScope(role, Wards.Distinct(StringComparer.Ordinal).ToArray(), string.IsNullOrEmpty(PlaceCode) ? null : PlaceCode);
    }

    public static ScopeForm From(Account a) =>
        new() { Role = a.Role.ToString(), Wards = [.. a.WardCodes], PlaceCode = a.PlaceCode };
}

/// <summary>The wards and places an administrator may hand out: those of their own scope.</summary>
public sealed record ScopeChoices(IReadOnlyList<Domain.Municipality.Ward> Wards, IReadOnlyList<VotingPlace> Places)
{
    public static ScopeChoices For(System.Security.Claims.ClaimsPrincipal admin, CityStore city)
    {
        var own = StaffClaims.WardsOf(admin).ToHashSet(StringComparer.Ordinal);
        return new ScopeChoices(
            city.City.Wards.Where(w => own.Contains(w.Code)).ToArray(),
            city.Places().Where(p => own.Contains(p.WardCode)).OrderBy(p => p.WardCode, StringComparer.Ordinal).ThenBy(p => !p.IsEarlyVoting).ThenBy(p => p.Code, StringComparer.Ordinal).ToArray());
    }
}

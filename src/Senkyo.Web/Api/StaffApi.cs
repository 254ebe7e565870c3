using Microsoft.AspNetCore.Http.HttpResults;
using Senkyo.Web.Accounts;
using Senkyo.Web.City;
using Senkyo.Web.Security;

namespace Senkyo.Web.Api;

/// <summary>
/// JSON endpoints for the staff's own terminals. Every endpoint names its policy; a state-changing
/// one must also require an antiforgery token (header X-CSRF-TOKEN), which the endpoint test checks.
/// </summary>
public static class StaffApi
{
    public sealed record StaffIdentity(string UserName, string Role, string RoleName, IReadOnlyList<string> Wards, string? Place);

    public sealed record WardInfo(string Code, string Name, string NameKana, int VotingDistricts, int PollingPlaces);

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");

        api.MapGet("/me", Results<Ok<StaffIdentity>, UnauthorizedHttpResult> (HttpContext http) =>
        {
            var role = StaffClaims.RoleOf(http.User);
            if (role is null || http.User.Identity?.Name is not { } name)
            {
                return TypedResults.Unauthorized();
            }

            var place = http.User.FindFirst(StaffClaims.Place)?.Value;
            return TypedResults.Ok(new StaffIdentity(name, role.Value.ToString(), role.Value.Japanese(), StaffClaims.WardsOf(http.User), place));
        }).RequireAuthorization(Policies.Staff);

        api.MapGet("/wards", Ok<WardInfo[]> (HttpContext http, CityStore city) =>
        {
            var scope = StaffClaims.WardsOf(http.User).ToHashSet(StringComparer.Ordinal);
            var c = city.City;
            var wards = c.Wards
                .Where(w => scope.Contains(w.Code))
                .Select(w =>
                {
                    var districts = c.VotingDistricts.Where(d => d.WardCode == w.Code).ToArray();
                    return new WardInfo(w.Code, w.Name, w.NameKana, districts.Length, districts.Select(d => d.PollingPlaceCode).Distinct().Count());
                })
                .ToArray();
            return TypedResults.Ok(wards);
        }).RequireAuthorization(Policies.CityStructure);
    }
}

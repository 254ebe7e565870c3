using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Senkyo.Domain.Municipality;
using Senkyo.Web.City;
using Senkyo.Web.Security;

namespace Senkyo.Web.Pages.City;

/// <summary>投票区・投票所 of the wards in the account's scope (nothing outside it is listed).</summary>
[Authorize(Policy = Policies.CityStructure)]
public sealed class IndexModel(CityStore city) : PageModel
{
    public sealed record WardView(Ward Ward, IReadOnlyList<DistrictView> Districts, IReadOnlyList<EarlyVotingPlace> EarlyVoting);

    public sealed record DistrictView(VotingDistrict District, PollingPlace? Place, int Towns);

    public IReadOnlyList<WardView> Wards { get; private set; } = [];

    public string? AssignedPlace { get; private set; }

    public bool IsSynthetic => city.City.IsSynthetic;

    public void OnGet()
    {
        var c = city.City;
        var scope = StaffClaims.WardsOf(User).ToHashSet(StringComparer.Ordinal);
        var places = c.PollingPlaces.ToDictionary(p => p.Code, StringComparer.Ordinal);
        AssignedPlace = User.FindFirst(StaffClaims.Place)?.Value;
        Wards = c.Wards
            .Where(w => scope.Contains(w.Code))
            .Select(w => new WardView(
                w,
                c.VotingDistricts.Where(d => d.WardCode == w.Code).OrderBy(d => d.Number)
                    .Select(d => new DistrictView(d, places.GetValueOrDefault(d.PollingPlaceCode), d.TownCodes.Count)).ToArray(),
                c.EarlyVotingPlaces.Where(e => e.WardCode == w.Code).ToArray()))
            .ToArray();
    }
}

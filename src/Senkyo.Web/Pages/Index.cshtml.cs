using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Senkyo.Web.Accounts;
using Senkyo.Web.City;
using Senkyo.Web.Security;

namespace Senkyo.Web.Pages;

[Authorize(Policy = Policies.Staff)]
public sealed class IndexModel(IAccountStore store, CityStore city) : PageModel
{
    public Account? Account { get; private set; }

    public IReadOnlyList<string> WardNames { get; private set; } = [];

    public VotingPlace? Place { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (StaffClaims.AccountIdOf(User) is { } id)
        {
            Account = await store.FindByIdAsync(id, ct);
        }

        WardNames = StaffClaims.WardsOf(User).Select(w => city.FindWard(w)?.Name ?? w).ToArray();
        Place = city.FindPlace(User.FindFirst(StaffClaims.Place)?.Value);
    }
}

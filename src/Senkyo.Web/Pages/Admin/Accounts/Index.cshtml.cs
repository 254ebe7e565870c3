using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Senkyo.Web.Accounts;
using Senkyo.Web.City;
using Senkyo.Web.Security;

namespace Senkyo.Web.Pages.Admin.Accounts;

[Authorize(Policy = Policies.AccountAdministration)]
public sealed class IndexModel(IAccountStore store, CityStore city, TimeProvider time) : PageModel
{
    public IReadOnlyList<Account> Accounts { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public string WardNames(Account a) => string.Join("、", a.WardCodes.Select(w => city.FindWard(w)?.Name ?? w));

    public string? PlaceName(Account a) => city.FindPlace(a.PlaceCode)?.Name;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Now = time.GetUtcNow();
        Accounts = await store.ListAsync(ct);
    }

    public static string Status(Account a, DateTimeOffset now) =>
        a.Disabled ? "利用停止"
        : a.IsLockedAt(now) ? "ロック中"
        : a.MustChangePassword || !a.TotpEnrolled ? "初回設定待ち"
        : "有効";
}

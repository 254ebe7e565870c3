using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Senkyo.Web.Accounts;
using Senkyo.Web.City;
using Senkyo.Web.Pages.SignIn;
using Senkyo.Web.Security;

namespace Senkyo.Web.Pages.Admin.Accounts;

[Authorize(Policy = Policies.AccountAdministration)]
public sealed partial class NewModel(AccountService accounts, CityStore city) : PageModel
{
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public ScopeForm Scope { get; set; } = new();

    public ScopeChoices Choices => ScopeChoices.For(User, city);

    public string? Error { get; private set; }

    public Account? Created { get; private set; }

    public string? OneTimePassword { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var userName = UserName?.Trim() ?? "";
        var displayName = DisplayName?.Trim() ?? "";
        if (!UserNamePattern().IsMatch(userName))
        {
            Error = "ユーザー名は半角の英小文字・数字・「.」「_」「-」で3〜32文字にしてください。";
            return Page();
        }

        if (displayName.Length is 0 or > 40 || displayName.Any(char.IsControl))
        {
            Error = "氏名は1〜40文字で入力してください。";
            return Page();
        }

        var scope = Scope.ToScope(out var scopeError);
        Error = scopeError ?? accounts.CheckScope(scope!, StaffClaims.WardsOf(User));
        if (Error is not null)
        {
            return Page();
        }

        try
        {
            (Created, OneTimePassword) = await accounts.CreateAsync(userName, displayName, scope!, SignInFlow.ActorOf(HttpContext), ct);
        }
        catch (DuplicateUserNameException)
        {
            Error = $"ユーザー名 {userName} はすでに使われています。";
        }

        return Page();
    }

    [GeneratedRegex("^[a-z0-9._-]{3,32}$")]
    private static partial Regex UserNamePattern();
}

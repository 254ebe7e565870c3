using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Senkyo.Web.Security;

namespace Senkyo.Web.Pages;

[Authorize(Policy = Policies.AnySession)]
public sealed class SignOutModel : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(AuthSchemes.Staff);
        await HttpContext.SignOutAsync(AuthSchemes.Pending);
        return LocalRedirect("/signin");
    }
}

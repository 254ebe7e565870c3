using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Senkyo.Web.Accounts;

namespace Senkyo.Web.Pages.SignIn;

/// <summary>
/// A page of the sign-in after the password (<see cref="SignInFlow"/>): it serves only the account whose next step it
/// is, so the steps cannot be skipped or replayed out of order. Each page keeps its own authorization and rate-limit
/// attributes, in plain sight.
/// </summary>
public abstract class SignInStepModel(IAccountStore store) : PageModel
{
    public string? Error { get; protected set; }

    /// <summary>This page's path, as <see cref="SignInFlow.NextStep"/> names it.</summary>
    protected abstract string StepPath { get; }

    protected IAccountStore Store => store;

    /// <summary>The account part-way through signing in, from the pending cookie.</summary>
    protected Task<Account?> CurrentAccountAsync() => SignInFlow.CurrentAsync(HttpContext, store);

    protected bool IsThisStep([NotNullWhen(true)] Account? account) =>
        account is not null && string.Equals(SignInFlow.NextStep(account), StepPath, StringComparison.Ordinal);

    /// <summary>Where a GET that is not this account's step goes: back to the start, or on to its own step.</summary>
    protected IActionResult ToOwnStep(Account? account) => LocalRedirect(account is null ? "/signin" : SignInFlow.NextStep(account));
}

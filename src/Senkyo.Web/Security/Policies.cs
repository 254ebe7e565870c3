using Microsoft.AspNetCore.Authorization;
using Senkyo.Web.Accounts;

namespace Senkyo.Web.Security;

/// <summary>
/// Named authorization policies: every endpoint names one (or is a sign-in page with
/// AllowAnonymous); the fallback policy refuses everything else. Who holds which policy is
/// <see cref="Roles"/>, the single table the role × endpoint matrix test reads against.
/// </summary>
public static class Policies
{
    /// <summary>Any signed-in staff member (home, own account, sign-out).</summary>
    public const string Staff = "Staff";

    /// <summary>A sign-in in progress (password verified; change, enrolment or code still to do).</summary>
    public const string SignInInProgress = "SignInInProgress";

    /// <summary>Either a session or a sign-in in progress: signing out.</summary>
    public const string AnySession = "AnySession";

    /// <summary>Account administration (アカウント管理).</summary>
    public const string AccountAdministration = "AccountAdministration";

    /// <summary>The city's structure: wards, 投票区, 投票所 (no personal data), within the ward scope.</summary>
    public const string CityStructure = "CityStructure";

    /// <summary>Review of the security events of accounts and sign-in (監査).</summary>
    public const string AuditReview = "AuditReview";

    /// <summary>Searching and reading elector records (選挙人検索・閲覧), for the register screens.</summary>
    public const string ElectorRead = "ElectorRead";

    /// <summary>Imports and registrations (名簿の登録), for the register screens.</summary>
    public const string RegisterMaintenance = "RegisterMaintenance";

    /// <summary>Election set-up (選挙の設定).</summary>
    public const string ElectionAdministration = "ElectionAdministration";

    /// <summary>Check-in at the assigned place (受付).</summary>
    public const string CheckIn = "CheckIn";

    /// <summary>Counting (開票).</summary>
    public const string Counting = "Counting";

    /// <summary>
    /// Roles per policy. システム管理者 is in none that reads personal data (ElectorRead): granting it
    /// is a deliberate change here, reviewed like any rule.
    /// </summary>
    public static IReadOnlyDictionary<string, StaffRole[]> Roles { get; } = new Dictionary<string, StaffRole[]>
    {
        [Staff] = Enum.GetValues<StaffRole>(),
        [AccountAdministration] = [StaffRole.SystemAdministrator],
        [CityStructure] = Enum.GetValues<StaffRole>(),
        [AuditReview] = [StaffRole.Auditor],
        [ElectorRead] = [StaffRole.RegisterClerk, StaffRole.ElectionClerk, StaffRole.Reception],
        [RegisterMaintenance] = [StaffRole.RegisterClerk],
        [ElectionAdministration] = [StaffRole.ElectionClerk],
        [CheckIn] = [StaffRole.Reception],
        [Counting] = [StaffRole.CountingStaff],
    };

    public static void Add(AuthorizationOptions options)
    {
        foreach (var (name, roles) in Roles)
        {
            options.AddPolicy(name, p =>
            {
                p.AddAuthenticationSchemes(AuthSchemes.Staff)
                    .RequireAuthenticatedUser()
                    .RequireClaim("amr", "mfa")
                    .RequireRole(roles.Select(r => r.ToString()));
                if (name == ElectorRead)
                {
                    // Reading people stops while the reading monitor throttles the reader (429; docs/security.md).
                    p.AddRequirements(NotThrottledRequirement.Instance);
                }
            });
        }

        options.AddPolicy(SignInInProgress, p => p
            .AddAuthenticationSchemes(AuthSchemes.Pending)
            .RequireAuthenticatedUser()
            .RequireClaim(StaffClaims.Pending));

        options.AddPolicy(AnySession, p => p
            .AddAuthenticationSchemes(AuthSchemes.Staff, AuthSchemes.Pending)
            .RequireAuthenticatedUser());

        // Deny by default: an endpoint that names no policy is refused even to a signed-in user
        // (anonymous callers are sent to sign in first).
        options.FallbackPolicy = new AuthorizationPolicyBuilder(AuthSchemes.Staff)
            .RequireAuthenticatedUser()
            .RequireAssertion(_ => false)
            .Build();
        options.DefaultPolicy = options.FallbackPolicy;
    }
}

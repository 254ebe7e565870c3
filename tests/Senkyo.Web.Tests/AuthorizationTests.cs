using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Senkyo.Web.Accounts;
using Senkyo.Web.Security;

namespace Senkyo.Web.Tests;

/// <summary>Deny by default, the role × endpoint matrix, and antiforgery on every state-changing endpoint.</summary>
public sealed class AuthorizationTests(StaffFixture fixture) : IClassFixture<StaffFixture>
{
    private static readonly string[] SignInPages = ["/signin"];

    private const StaffRole Admin = StaffRole.SystemAdministrator;
    private const StaffRole Register = StaffRole.RegisterClerk;
    private const StaffRole Election = StaffRole.ElectionClerk;
    private const StaffRole Reception = StaffRole.Reception;
    private const StaffRole Counting = StaffRole.CountingStaff;
    private const StaffRole Auditor = StaffRole.Auditor;

    /// <summary>
    /// Who may GET what, written out by hand (not derived from <see cref="Policies.Roles"/>) so a
    /// change to the policy table shows up here as a failing row. Route templates map to a path.
    /// </summary>
    private static readonly (string Template, string Path, StaffRole[] Allowed)[] Matrix =
    [
        ("/", "/", [Admin, Register, Election, Reception, Counting, Auditor]),
        ("/account", "/account", [Admin, Register, Election, Reception, Counting, Auditor]),
        ("/signout", "/signout", [Admin, Register, Election, Reception, Counting, Auditor]),
        ("/city", "/city", [Admin, Register, Election, Reception, Counting, Auditor]),
        ("/admin/accounts", "/admin/accounts", [Admin]),
        ("/admin/accounts/new", "/admin/accounts/new", [Admin]),
        ("/admin/accounts/{id:long}", "/admin/accounts/1", [Admin]),
        ("/audit/signins", "/audit/signins", [Auditor]),
        ("/audit/alerts", "/audit/alerts", [Auditor]),
        ("/audit/trail", "/audit/trail", [Auditor]),
        ("/electors", "/electors", [Register, Election, Reception]),
        ("/electors/record", "/electors/record", [Register, Election, Reception]),
        ("/register/import", "/register/import", [Register]),
        ("/register/run", "/register/run", [Register]),
        ("/api/me", "/api/me", [Admin, Register, Election, Reception, Counting, Auditor]),
        ("/api/wards", "/api/wards", [Admin, Register, Election, Reception, Counting, Auditor]),
    ];

    private static readonly string[] PendingOnly = ["/signin/code", "/signin/password", "/signin/enroll"];

    public static TheoryData<StaffRole, string> Cells()
    {
        var data = new TheoryData<StaffRole, string>();
        foreach (var role in Enum.GetValues<StaffRole>())
        {
            foreach (var row in Matrix)
            {
                data.Add(role, row.Path);
            }
        }

        return data;
    }

    private RouteEndpoint[] Endpoints()
    {
        fixture.Factory.Server.ToString();
        return fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToArray();
    }

    private static string Route(RouteEndpoint e) => "/" + e.RoutePattern.RawText?.TrimStart('/');

    [Fact]
    public void Every_endpoint_names_a_policy_and_only_the_sign_in_page_is_anonymous()
    {
        var endpoints = Endpoints();
        Assert.NotEmpty(endpoints);
        foreach (var endpoint in endpoints)
        {
            var route = Route(endpoint);
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToArray();
            if (anonymous)
            {
                Assert.Contains(route, SignInPages);
                continue;
            }

            Assert.True(policies.Length > 0, $"{route} has neither a policy nor AllowAnonymous");
            Assert.All(policies, p => Assert.False(string.IsNullOrEmpty(p), $"{route} has [Authorize] without a named policy"));
        }
    }

    [Fact]
    public void The_matrix_covers_every_endpoint()
    {
        var covered = Matrix.Select(r => r.Template).Concat(SignInPages).Concat(PendingOnly).ToHashSet();
        var missing = Endpoints().Select(Route).Where(r => !covered.Contains(r)).Distinct().ToArray();
        Assert.Empty(missing);
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Role_matrix(StaffRole role, string path)
    {
        var allowed = Matrix.Single(r => r.Path == path).Allowed.Contains(role);
        var response = await fixture.Clients[role].GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.Forbidden, response.StatusCode);
        if (!allowed && !path.StartsWith("/api", StringComparison.Ordinal))
        {
            Assert.Contains("この画面を開く権限がありません", await SenkyoFactory.BodyAsync(response));
        }
    }

    [Fact]
    public async Task Anonymous_requests_are_sent_to_sign_in_and_the_api_answers_401()
    {
        using var client = fixture.Factory.NewClient();
        foreach (var row in Matrix)
        {
            var response = await client.GetAsync(row.Path, TestContext.Current.CancellationToken);
            if (row.Path.StartsWith("/api", StringComparison.Ordinal))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            }
            else
            {
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.StartsWith("/signin?returnUrl=", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
            }
        }

        foreach (var path in PendingOnly)
        {
            var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_path_without_an_endpoint_is_refused_to_a_signed_in_user()
    {
        var response = await fixture.Clients[Admin].GetAsync("/no/such/page", TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, response.StatusCode.ToString());
    }

    [Fact]
    public void The_administrator_holds_no_policy_that_reads_personal_data()
    {
        Assert.DoesNotContain(StaffRole.SystemAdministrator, Policies.Roles[Policies.ElectorRead]);
        Assert.DoesNotContain(StaffRole.SystemAdministrator, Policies.Roles[Policies.RegisterMaintenance]);
        Assert.DoesNotContain(StaffRole.SystemAdministrator, Policies.Roles[Policies.AuditReview]);
        Assert.Equal([StaffRole.Reception], Policies.Roles[Policies.CheckIn]);
    }

    [Fact]
    public async Task Every_state_changing_endpoint_refuses_a_request_without_antiforgery_token()
    {
        var endpoints = Endpoints();
        var pages = 0;
        foreach (var endpoint in endpoints)
        {
            var route = Route(endpoint);
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            {
                pages++;
                // Post as a role the page admits, so the refusal comes from antiforgery, not authorization.
                var row = Matrix.Where(r => r.Template == route).Select(r => r.Allowed).FirstOrDefault();
                var client = fixture.Clients[row?.FirstOrDefault() ?? Admin];
                var path = route.Replace("{id:long}", fixture.Staff[Register].Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
                var response = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["x"] = "1" }), TestContext.Current.CancellationToken);
                // 400 from antiforgery; pages of a sign-in in progress refuse a full session first.
                Assert.True(response.StatusCode is HttpStatusCode.BadRequest || (PendingOnly.Contains(route) && response.StatusCode == HttpStatusCode.Redirect),
                    $"POST {path} without token: {response.StatusCode}");
                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            if (methods.Any(m => !HttpMethods.IsGet(m) && !HttpMethods.IsHead(m)) || methods.Count == 0)
            {
                Assert.True(endpoint.Metadata.GetMetadata<IAntiforgeryMetadata>()?.RequiresValidation == true,
                    $"{route} changes state without requiring an antiforgery token");
            }
        }

        Assert.True(pages >= 10);
        // Nothing was changed by the refused posts.
        var register = await fixture.Factory.Store.FindByIdAsync(fixture.Staff[Register].Id, TestContext.Current.CancellationToken);
        Assert.False(register!.Disabled);
        Assert.False(register.MustChangePassword);
    }

    [Fact]
    public async Task Api_me_returns_the_role_and_ward_scope()
    {
        var response = await fixture.Clients[Reception].GetAsync("/api/me", TestContext.Current.CancellationToken);
        var body = await SenkyoFactory.BodyAsync(response);
        Assert.Contains("\"role\":\"Reception\"", body, StringComparison.Ordinal);
        Assert.Contains("受付", body, StringComparison.Ordinal);
    }
}

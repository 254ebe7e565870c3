using Senkyo.Web.Accounts;

namespace Senkyo.Web.Tests;

/// <summary>One app with a signed-in client per role, shared by the tests of a class.</summary>
public sealed class StaffFixture : IAsyncLifetime
{
    // Many sign-ins from one test address: the per-address limit is raised (it has its own test).
    public SenkyoFactory Factory { get; } = new() { Options = o => o.SignIn.RequestsPerMinutePerAddress = 1000 };

    public Dictionary<StaffRole, HttpClient> Clients { get; } = [];

    public Dictionary<StaffRole, TestStaff> Staff { get; } = [];

    public async ValueTask InitializeAsync()
    {
        foreach (var role in Enum.GetValues<StaffRole>())
        {
            var staff = await Factory.CreateStaffAsync("staff-" + role.ToString().ToLowerInvariant(), role);
            Staff[role] = staff;
            Clients[role] = await Factory.SignInAsync(staff);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in Clients.Values)
        {
            client.Dispose();
        }

        await Factory.DisposeAsync();
    }
}

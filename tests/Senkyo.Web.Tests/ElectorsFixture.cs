using Microsoft.Extensions.DependencyInjection;
using Senkyo.Domain.Register;
using Senkyo.Storage;
using Senkyo.Web.Accounts;
using Senkyo.Web.City;

namespace Senkyo.Web.Tests;

/// <summary>
/// One app with the demo store's synthetic residents and signed-in clients for the elector and audit screens: a
/// 名簿担当 of every ward, a 名簿担当 of the first ward only, a 受付 and a 監査担当. People are picked from the demo store
/// (never written into a test by hand) by reading records under a test purpose.
/// </summary>
public sealed class ElectorsFixture : IAsyncLifetime
{
    private static readonly AccessContext Setup = new("test:setup", "test", "*", "test-setup");

    public SenkyoFactory Factory { get; } = new() { Options = o => o.SignIn.RequestsPerMinutePerAddress = 1000 };

    public TestStaff Clerk { get; private set; } = null!;

    public HttpClient ClerkClient { get; private set; } = null!;

    public TestStaff WardClerk { get; private set; } = null!;

    public HttpClient WardClerkClient { get; private set; } = null!;

    public HttpClient ReceptionClient { get; private set; } = null!;

    public HttpClient AuditorClient { get; private set; } = null!;

    public string FirstWard { get; private set; } = "";

    /// <summary>Registered electors of the demo store (status 選挙人), in id order.</summary>
    public List<ElectorRecord> Electors { get; } = [];

    /// <summary>A registered elector living outside <see cref="FirstWard"/>.</summary>
    public ElectorRecord Outsider => Electors.First(e => e.Person.WardCode != FirstWard);

    /// <summary>A registered elector living in <see cref="FirstWard"/>.</summary>
    public ElectorRecord Insider => Electors.First(e => e.Person.WardCode == FirstWard);

    public async ValueTask InitializeAsync()
    {
        _ = Factory.Server;
        var city = Factory.Services.GetRequiredService<CityStore>();
        FirstWard = city.City.Wards[0].Code;
        Clerk = await Factory.CreateStaffAsync("meibo", StaffRole.RegisterClerk);
        ClerkClient = await Factory.SignInAsync(Clerk);
        WardClerk = await Factory.CreateStaffAsync("meibo-ku", StaffRole.RegisterClerk, [FirstWard]);
        WardClerkClient = await Factory.SignInAsync(WardClerk);
        ReceptionClient = await Factory.SignInAsync(await Factory.CreateStaffAsync("uketsuke", StaffRole.Reception));
        AuditorClient = await Factory.SignInAsync(await Factory.CreateStaffAsync("kansa", StaffRole.Auditor));

        var ct = TestContext.Current.CancellationToken;
        for (long id = 1; id <= Factory.DemoResidents; id++)
        {
            var record = await Factory.Protected.ReadElectorAsync(Setup, id, ct);
            if (record.Status == ElectorStatus.Elector)
            {
                Electors.Add(record);
            }
        }
    }

    public async Task<IReadOnlyList<Privacy.Audit.AuditRecord>> AuditAsync() =>
        await Factory.Protected.ReadAuditAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        foreach (var c in new[] { ClerkClient, WardClerkClient, ReceptionClient, AuditorClient })
        {
            c?.Dispose();
        }

        await Factory.DisposeAsync();
    }
}

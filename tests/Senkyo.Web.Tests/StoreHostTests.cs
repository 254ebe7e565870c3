using Senkyo.Privacy.Audit;
using Senkyo.Storage;
using Senkyo.Web.Accounts;
using Senkyo.Web.Store;

namespace Senkyo.Web.Tests;

/// <summary>
/// The application on the protected store: the demo store's first start (synthetic residents, a 定時登録, the key
/// outside the store folder), its reopening, and sign-in events in the tamper-evident audit chain.
/// </summary>
public sealed class StoreHostTests : IAsyncLifetime
{
    private readonly SenkyoFactory _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task First_start_creates_a_synthetic_store_with_registered_demo_residents_and_the_key_outside_it()
    {
        _ = _app.Server;
        var store = _app.Protected;
        Assert.Equal(StoreKind.Synthetic, store.Info.Kind);
        Assert.Equal(400, await store.CountPeopleAsync(Ct));
        var stats = await store.StatsAsync(new AccessContext("test", "auditor", "*", "test"), new DateOnly(2026, 11, 28), Ct);
        var electors = stats.Cells.Sum(c => c.Electors);
        Assert.InRange(electors, 250, 380); // the adults of 400 people, less the newly arrived and foreign residents
        Assert.Equal(new DateOnly(2026, 9, 1), stats.LastRegistration);

        var storeDir = Path.Combine(_app.DataPath, "store");
        Assert.True(File.Exists(Path.Combine(storeDir, StoreLocation.DescriptorFile)));
        Assert.True(File.Exists(Path.Combine(_app.DataPath, "master.key")));
        Assert.Empty(Directory.GetFiles(storeDir, "*.key", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(_app.DataPath, "*.tmp"));
        Assert.Contains("定時登録", _app.Console.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-11-28", "2026-09-01")]
    [InlineData("2026-12-01", "2026-12-01")]
    [InlineData("2027-02-28", "2026-12-01")]
    [InlineData("2027-03-01", "2027-03-01")]
    public void The_demo_registers_as_of_the_last_periodic_base_date(string today, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            StoreHost.LatestPeriodicBaseDate(DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public async Task A_restart_opens_the_same_store_without_refilling_it()
    {
        var path = Path.Combine(Path.GetTempPath(), "senkyo-web-tests-" + Guid.NewGuid().ToString("N"));
        string storeId;
        await using (var first = new SenkyoFactory { DataPath = path, KeepData = true, DemoResidents = 50 })
        {
            _ = first.Server;
            storeId = first.Protected.Info.StoreId;
        }

        await using var second = new SenkyoFactory { DataPath = path, DemoResidents = 50 };
        _ = second.Server;
        Assert.Equal(storeId, second.Protected.Info.StoreId);
        Assert.Equal(50, await second.Protected.CountPeopleAsync(Ct));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1e3")]
    public void A_demo_size_that_is_not_a_whole_number_is_refused_naming_the_option(string value)
    {
        var e = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => SenkyoWebApplication.Build(["--demo-residents", value]));
        Assert.Equal($"Senkyo:DemoResidents (--demo-residents) must be a whole number, 0 or more, not '{value}'.", Assert.Single(e.Failures));
    }

    [Fact]
    public async Task A_negative_demo_size_is_refused_naming_the_setting_and_creates_no_store()
    {
        await using var app = new SenkyoFactory { DemoResidents = -5 };
        var e = Assert.ThrowsAny<Exception>(() => app.Server);
        Assert.Contains("Senkyo:DemoResidents (--demo-residents) must be 0 or more", e.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(app.DataPath, "store", StoreLocation.DescriptorFile)));
    }

    [Fact]
    public async Task Without_its_master_key_the_store_does_not_open()
    {
        var path = Path.Combine(Path.GetTempPath(), "senkyo-web-tests-" + Guid.NewGuid().ToString("N"));
        await using (var first = new SenkyoFactory { DataPath = path, KeepData = true, DemoResidents = 10 })
        {
            _ = first.Server;
        }

        File.Delete(Path.Combine(path, "master.key"));
        await using var second = new SenkyoFactory { DataPath = path, DemoResidents = 10 };
        var e = Assert.ThrowsAny<Exception>(() => second.Server);
        Assert.Contains("master.key", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_ins_and_failed_attempts_are_events_of_the_audit_chain_and_the_chain_stays_intact()
    {
        var staff = await _app.CreateStaffAsync("chained", StaffRole.RegisterClerk);
        await _app.SignInAsync(staff);
        var client = _app.NewClient();
        await SenkyoFactory.PostFormAsync(client, "/signin", new() { ["UserName"] = "chained", ["Password"] = "not the password" });

        var events = await _app.Protected.ReadAuditAsync(Ct);
        Assert.Contains(events, e => e is { Action: "signin.success", Actor: "staff:chained", Outcome: AuditOutcome.Success });
        Assert.Contains(events, e => e is { Action: "signin.bad-password", Purpose: "account:chained", Outcome: AuditOutcome.Denied });
        Assert.Contains(events, e => e is { Action: "account.created", Purpose: "account:chained" });
        var verification = await _app.Protected.VerifyAuditAsync([], Ct);
        Assert.True(verification.IsIntact, verification.Problem);
    }
}

using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Senkyo.Storage.Import;
using Senkyo.Web.Accounts;
using Senkyo.Web.City;
using Senkyo.Web.Store;

namespace Senkyo.Web.Tests;

/// <summary>
/// 名簿の登録 (/register/run) in process: 確認 previews by the store's own run (nothing changes, the preview is
/// audited), 実行 commits with the previewed counts, once per one-time request id. The store starts with 400 imported,
/// not yet registered synthetic residents.
/// </summary>
public sealed partial class RegisterRunTests : IAsyncLifetime
{
    // Sessions outlive the 30-minute confirmation window here, so its expiry is what the test meets.
    private readonly SenkyoFactory _app = new()
    {
        DemoResidents = 0,
        Options = o =>
        {
            o.SignIn.RequestsPerMinutePerAddress = 1000;
            o.Session.IdleTimeout = TimeSpan.FromHours(2);
        },
    };

    private readonly RegisterUploads _files = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _ = _app.Server;
        var city = _app.Services.GetRequiredService<CityStore>().City;
        var path = await _files.ResidentFileAsync(city, 400, 31);
        await _app.Protected.ImportResidentsAsync(StoreHost.System, path, city, FileEncoding.Auto, null, null, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _files.Dispose();
    }

    private async Task<HttpClient> ClerkAsync(string name = "clerk-run", string[]? wards = null) =>
        await _app.SignInAsync(await _app.CreateStaffAsync(name, StaffRole.RegisterClerk, wards));

    private static Task<HttpResponseMessage> PreviewAsync(HttpClient client, Dictionary<string, string> fields) =>
        SenkyoFactory.PostFormAsync(client, "/register/run", fields);

    private static Task<HttpResponseMessage> CommitAsync(HttpClient client, string requestId) =>
        SenkyoFactory.PostFormAsync(client, "/register/run?handler=Commit", new() { ["RequestId"] = requestId }, "/register/run");

    private static string RequestIdOf(string html)
    {
        var m = RequestIdPattern().Match(html);
        Assert.True(m.Success, "the preview offers no 実行 form");
        return m.Groups[1].Value;
    }

    private static long Total(string html, string column)
    {
        var m = Regex.Match(html, $"data-total=\"{column}\">([0-9,]+)<");
        Assert.True(m.Success, $"no {column} total on the page");
        return long.Parse(m.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }

    private async Task<long> ElectorsAsync() =>
        (await _app.Protected.StatsAsync(StoreHost.System, new DateOnly(2027, 6, 1), Ct)).Cells.Sum(c => c.Electors);

    private async Task<int> EventsAsync(string action) =>
        (await _app.Protected.ReadAuditAsync(Ct)).Count(a => a.Action == action);

    [Fact]
    public async Task Preview_then_commit_registers_the_previewed_counts_and_a_second_submit_runs_nothing()
    {
        using var client = await ClerkAsync();

        var preview = await PreviewAsync(client, new() { ["Kind"] = "periodic", ["BaseDate"] = "令和8年12月1日" });

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal("no-store", preview.Headers.CacheControl?.ToString());
        var html = await SenkyoFactory.BodyAsync(preview);
        Assert.Contains("確認：定時登録", RegisterUploads.Text(html), StringComparison.Ordinal);
        Assert.Contains("令和8年12月1日 (2026)", RegisterUploads.Text(html), StringComparison.Ordinal);
        var previewed = Total(html, "registered");
        Assert.True(previewed > 0);
        var id = RequestIdOf(html);
        Assert.Equal(0, await ElectorsAsync());
        Assert.Equal(0, await EventsAsync("register.periodic"));
        var audit = (await _app.Protected.ReadAuditAsync(Ct)).Last(a => a.Action == "register.preview");
        Assert.Equal(("staff:clerk-run", "RegisterClerk", 400L), (audit.Actor, audit.Role, audit.ResultCount));

        var commit = await CommitAsync(client, id);

        var done = await SenkyoFactory.BodyAsync(commit);
        var text = RegisterUploads.Text(done);
        Assert.Contains("定時登録を実行しました", text, StringComparison.Ordinal);
        Assert.Contains("件数は確認したときと同じです", text, StringComparison.Ordinal);
        Assert.DoesNotContain("既に実行済み", text, StringComparison.Ordinal);
        Assert.Equal(previewed, Total(done, "registered"));
        Assert.Equal(previewed, await ElectorsAsync());
        Assert.Equal(1, await EventsAsync("register.periodic"));
        var run = RunNumberPattern().Match(text).Groups[1].Value;

        // Browser back and resubmit: the same result, nothing run again.
        var repeat = RegisterUploads.Text(await SenkyoFactory.BodyAsync(await CommitAsync(client, id)));
        Assert.Contains("既に実行済みです", repeat, StringComparison.Ordinal);
        Assert.Equal(run, RunNumberPattern().Match(repeat).Groups[1].Value);
        Assert.Equal(1, await EventsAsync("register.periodic"));
        Assert.Equal(previewed, await ElectorsAsync());

        // After the run, a new preview of the same 定時登録 finds nobody left.
        var after = await SenkyoFactory.BodyAsync(await PreviewAsync(client, new() { ["Kind"] = "periodic", ["BaseDate"] = "2026-12-01" }));
        Assert.Equal(0, Total(after, "registered"));
    }

    [Fact]
    public async Task A_double_submit_at_the_same_moment_runs_the_registration_once()
    {
        using var client = await ClerkAsync();
        var html = await SenkyoFactory.BodyAsync(await PreviewAsync(client, new()
        {
            ["Kind"] = "election",
            ["Level"] = "municipal",
            ["Announcement"] = "R9.1.10",
            ["Polling"] = "令和9年1月17日",
        }));
        Assert.Contains("確認：選挙時登録", RegisterUploads.Text(html), StringComparison.Ordinal);
        var previewed = Total(html, "registered");
        var id = RequestIdOf(html);
        var token = await RegisterUploads.TokenAsync(client, "/register/run");

        var posts = Enumerable.Range(0, 2).Select(_ => client.PostAsync("/register/run?handler=Commit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["RequestId"] = id,
            ["__RequestVerificationToken"] = token,
        }), Ct));
        var pages = await Task.WhenAll(posts);

        var texts = await Task.WhenAll(pages.Select(async p => RegisterUploads.Text(await SenkyoFactory.BodyAsync(p))));
        Assert.All(texts, t => Assert.Contains("選挙時登録を実行しました", t, StringComparison.Ordinal));
        Assert.Single(texts, t => t.Contains("既に実行済みです", StringComparison.Ordinal));
        Assert.Equal(1, await EventsAsync("register.election"));
        Assert.Equal(previewed, await ElectorsAsync());
    }

    [Fact]
    public async Task A_commit_after_the_window_or_by_another_clerk_or_without_token_runs_nothing()
    {
        using var client = await ClerkAsync();
        using var other = await ClerkAsync("clerk-other");
        var id = RequestIdOf(await SenkyoFactory.BodyAsync(await PreviewAsync(client, new() { ["Kind"] = "periodic", ["BaseDate"] = "R8.12.1" })));

        var foreign = RegisterUploads.Text(await SenkyoFactory.BodyAsync(await CommitAsync(other, id)));
        Assert.Contains("この確認画面は使えません", foreign, StringComparison.Ordinal);
        var noToken = await client.PostAsync("/register/run?handler=Commit", new FormUrlEncodedContent(new Dictionary<string, string> { ["RequestId"] = id }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        var forged = RegisterUploads.Text(await SenkyoFactory.BodyAsync(await CommitAsync(client, "0123456789abcdef0123456789abcdef")));
        Assert.Contains("この確認画面は使えません", forged, StringComparison.Ordinal);

        _app.Time.Advance(TimeSpan.FromMinutes(31));
        var late = RegisterUploads.Text(await SenkyoFactory.BodyAsync(await CommitAsync(client, id)));
        Assert.Contains("有効期限の30分を過ぎた", late, StringComparison.Ordinal);
        Assert.Equal(0, await EventsAsync("register.periodic"));
        Assert.Equal(0, await ElectorsAsync());
    }

    public static TheoryData<string, string, string, string, string> BadInputs => new()
    {
        { "periodic", "令和8年11月1日", "", "", "定時登録の基準日は3月・6月・9月・12月の1日です（法22①）" },
        { "periodic", "<script>alert(1)</script>", "", "", "基準日：" },
        { "periodic", "令和8年2月30日", "", "", "基準日：" },
        { "election", "", "2027-01-17", "2027-01-10", "告示日（公示日）は投票日より前の日にしてください" },
        { "election", "", "平成31年5月1日", "2027-01-10", "告示日（公示日）：" },
        { "bogus", "", "", "", "登録の種類（定時登録・選挙時登録・名簿の整理）を選んでください" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_is_refused_in_Japanese_naming_the_field_and_nothing_is_read(string kind, string baseDate, string announcement, string polling, string message)
    {
        using var client = await ClerkAsync();
        var response = await PreviewAsync(client, new()
        {
            ["Kind"] = kind,
            ["BaseDate"] = baseDate,
            ["Level"] = "national",
            ["Announcement"] = announcement,
            ["Polling"] = polling,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await SenkyoFactory.BodyAsync(response);
        Assert.Contains(message, RegisterUploads.Text(html), StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"RequestId\"", html, StringComparison.Ordinal);
        Assert.Equal(0, await EventsAsync("register.preview"));
    }

    [Fact]
    public async Task A_register_maintenance_preview_lists_marks_and_deletions_per_ward()
    {
        using var client = await ClerkAsync();
        var html = await SenkyoFactory.BodyAsync(await PreviewAsync(client, new() { ["Kind"] = "process", ["AsOf"] = "令和8年12月31日" }));

        var text = RegisterUploads.Text(html);
        Assert.Contains("確認：名簿の整理", text, StringComparison.Ordinal);
        Assert.Contains("区 表示 抹消", text, StringComparison.Ordinal);
        var city = _app.Services.GetRequiredService<CityStore>().City;
        Assert.All(city.Wards, w => Assert.Contains($"data-ward=\"{w.Code}\"", html, StringComparison.Ordinal));
        Assert.Equal(0, Total(html, "marked") + Total(html, "deleted")); // nobody registered yet, so nothing is due
        Assert.Equal(1, await EventsAsync("register.preview"));
    }

    [Fact]
    public async Task A_clerk_of_some_wards_only_is_refused_the_city_wide_run()
    {
        var city = _app.Services.GetRequiredService<CityStore>().City;
        using var client = await ClerkAsync("clerk-one-ward", [city.Wards[0].Code]);

        var response = await PreviewAsync(client, new() { ["Kind"] = "periodic", ["BaseDate"] = "2026-12-01" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("すべての区を担当するアカウントだけ", await SenkyoFactory.BodyAsync(response), StringComparison.Ordinal);
        Assert.Equal(0, await EventsAsync("register.preview"));
    }

    [GeneratedRegex("name=\"RequestId\" value=\"([0-9a-f]{32})\"")]
    private static partial Regex RequestIdPattern();

    [GeneratedRegex("実行番号 ([0-9]+)")]
    private static partial Regex RunNumberPattern();
}

using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Senkyo.Storage;
using Senkyo.Web.Accounts;

namespace Senkyo.Web.Tests;

/// <summary>監査ログ: the audit trail filtered by person, actor, action and days; paging; chain verification in Japanese.</summary>
public sealed partial class AuditTrailTests(ElectorsFixture fx) : IClassFixture<ElectorsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<HttpResponseMessage> TrailAsync(HttpClient client, Dictionary<string, string> fields, string path = "/audit/trail") =>
        SenkyoFactory.PostFormAsync(client, path, fields, formPage: "/audit/trail");

    private static string Id(ElectorRecord e) => e.Person.Id.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_auditor_finds_who_read_a_person_by_internal_id_actor_action_and_wareki_days()
    {
        var (read, other) = (fx.Electors[10], fx.Electors[11]);
        foreach (var e in new[] { read, other })
        {
            var opened = await SenkyoFactory.PostFormAsync(fx.ClerkClient, "/electors/record",
                new() { ["Id"] = Id(e), ["Purpose"] = "audit-response", ["Reference"] = "KANSA-7" }, formPage: "/electors");
            Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        }

        var response = await TrailAsync(fx.AuditorClient, new() { ["Person"] = Id(read) });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var html = await SenkyoFactory.BodyAsync(response);
        var row = Assert.Single(Rows(html), r => r.Contains("elector.read", StringComparison.Ordinal) && r.Contains("staff:meibo", StringComparison.Ordinal));
        Assert.Contains("選挙人記録の閲覧", row, StringComparison.Ordinal);
        Assert.Contains("<td>名簿担当</td>", row, StringComparison.Ordinal);
        Assert.Contains("<td>audit-response:KANSA-7</td>", row, StringComparison.Ordinal);
        Assert.Contains($"<td class=\"subjects\">{Id(read)}</td>", row, StringComparison.Ordinal);
        Assert.Contains("<td>成功</td>", row, StringComparison.Ordinal);
        Assert.Contains("令和8年11月28日 (2026) 09:", row, StringComparison.Ordinal); // Japan time of the test clock
        Assert.DoesNotContain($"<td class=\"subjects\">{Id(other)}</td>", html, StringComparison.Ordinal);
        // The import's range names everyone: it is among the events about this person.
        Assert.Contains(Rows(html), r => r.Contains("person.import", StringComparison.Ordinal));

        // Looking is itself recorded, with the person asked about.
        var query = (await fx.AuditAsync()).Last(a => a.Action == "audit.query");
        Assert.Equal(("staff:kansa", "Auditor", Id(read)), (query.Actor, query.Role, query.Subjects));

        html = await SenkyoFactory.BodyAsync(await TrailAsync(fx.AuditorClient, new() { ["Actor"] = "meibo", ["Action"] = "elector.read", ["From"] = "令和8年11月28日", ["To"] = "R8.11.28" }));
        var rows = Rows(html);
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Contains("<td>staff:meibo</td>", r, StringComparison.Ordinal));
        Assert.All(rows, r => Assert.Contains("<code>elector.read</code>", r, StringComparison.Ordinal));
        var seqs = rows.Select(r => long.Parse(SeqPattern().Match(r).Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(seqs.OrderDescending(), seqs); // newest first

        html = await SenkyoFactory.BodyAsync(await TrailAsync(fx.AuditorClient, new() { ["Actor"] = "staff:meibo", ["From"] = "令和8年11月27日", ["To"] = "2026-11-27" }));
        Assert.Empty(Rows(html));
        Assert.Contains("<caption>0 件", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_trail_is_shown_a_page_at_a_time_newest_first()
    {
        var first = await SenkyoFactory.BodyAsync(await TrailAsync(fx.AuditorClient, []));
        var rows = Rows(first);
        Assert.Equal(Pages.Audit.TrailModel.PageSize, rows.Count);
        var next = NextPattern().Match(first);
        Assert.True(next.Success, "no button for older events");
        var lastSeq = long.Parse(SeqPattern().Match(rows[^1]).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(lastSeq.ToString(CultureInfo.InvariantCulture), next.Groups[1].Value);

        var older = Rows(await SenkyoFactory.BodyAsync(await TrailAsync(fx.AuditorClient, new() { ["Before"] = next.Groups[1].Value })));
        Assert.NotEmpty(older);
        Assert.Equal(lastSeq - 1, long.Parse(SeqPattern().Match(older[0]).Groups[1].Value, CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("Person", "山田", "内部番号")]
    [InlineData("Actor", "山田太郎", "操作者")]
    [InlineData("Action", "閲覧", "操作")]
    [InlineData("From", "令和8年13月1日", "開始日")]
    [InlineData("To", "2026-02-30", "終了日")]
    public async Task A_bad_filter_is_refused_in_Japanese_naming_the_field(string field, string value, string named)
    {
        var response = await TrailAsync(fx.AuditorClient, new() { [field] = value });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Matches($"<p class=\"error\" role=\"alert\">{Regex.Escape(named)}：", await SenkyoFactory.BodyAsync(response));
    }

    [Fact]
    public async Task Verification_reports_an_intact_chain_with_its_size_and_root()
    {
        var html = await SenkyoFactory.BodyAsync(await TrailAsync(fx.AuditorClient, [], "/audit/trail?handler=Verify"));
        var size = Regex.Match(html, "監査ログは改ざんされていません：([0-9,]+) 件");
        Assert.True(size.Success, "no verification result");
        // The page verified the log as it stood before its own audit.query event: the root over that prefix.
        var n = int.Parse(size.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        var records = await fx.AuditAsync();
        Assert.True(records.Count > n);
        var expected = Privacy.Audit.AuditLogVerifier.Verify(records.Take(n), null, [], fx.Factory.Protected.Info.StoreId);
        Assert.True(expected.IsIntact);
        Assert.Contains($"<code>{Convert.ToHexStringLower(expected.Root)}</code>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verification_names_the_first_altered_entry_in_Japanese()
    {
        await using var app = new SenkyoFactory { DemoResidents = 10 };
        var auditor = await app.CreateStaffAsync("kansa-t", StaffRole.Auditor);
        using var client = await app.SignInAsync(auditor);
        var location = await StoreLocation.ReadAsync(Path.Combine(app.DataPath, "store"), Ct);
        await using (var c = new SqliteConnection($"Data Source={location.SqlitePath};Pooling=False"))
        {
            await c.OpenAsync(Ct);
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "UPDATE audit_event SET purpose = 'rewritten' WHERE seq = 2";
            Assert.Equal(1, await cmd.ExecuteNonQueryAsync(Ct));
        }

        var html = await SenkyoFactory.BodyAsync(await TrailAsync(client, [], "/audit/trail?handler=Verify"));
        Assert.Contains("監査ログに問題があります：通番 2 の記録から先", html, StringComparison.Ordinal);
        Assert.Contains("altered", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_auditor_opens_the_trail()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await fx.ClerkClient.GetAsync("/audit/trail", Ct)).StatusCode);
        var refused = await fx.ClerkClient.PostAsync("/audit/trail", new FormUrlEncodedContent(new Dictionary<string, string> { ["Person"] = "1" }), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("href=\"/audit/trail\"", await fx.AuditorClient.GetStringAsync("/", Ct), StringComparison.Ordinal);
    }

    private static List<string> Rows(string html) =>
        [.. RowPattern().Matches(TbodyPattern().Match(html).Groups[1].Value).Select(m => m.Value)];

    [GeneratedRegex("data-testid=\"trail\">.*?<tbody>(.*?)</tbody>", RegexOptions.Singleline)]
    private static partial Regex TbodyPattern();

    [GeneratedRegex("<tr[^>]*>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();

    [GeneratedRegex("<td class=\"num\">([0-9]+)</td>")]
    private static partial Regex SeqPattern();

    [GeneratedRegex("name=\"Before\" value=\"([0-9]+)\"")]
    private static partial Regex NextPattern();
}

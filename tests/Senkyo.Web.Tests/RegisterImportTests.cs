using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Senkyo.Web.Accounts;
using Senkyo.Web.City;
using Senkyo.Web.Pages.Register;

namespace Senkyo.Web.Tests;

/// <summary>
/// 名簿の取込 (/register/import) in process, on an app whose synthetic store starts empty (DemoResidents = 0):
/// resident and change files uploaded as a browser does, errors by line and column in Japanese, refusals, limits.
/// </summary>
public sealed class RegisterImportTests : IAsyncLifetime
{
    private readonly SenkyoFactory _app = new() { DemoResidents = 0, Options = o => o.SignIn.RequestsPerMinutePerAddress = 1000 };
    private readonly RegisterUploads _files = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _files.Dispose();
    }

    private Domain.Municipality.Municipality City => _app.Services.GetRequiredService<CityStore>().City;

    private string UploadsFolder => _app.Services.GetRequiredService<UploadFolder>().Path;

    private async Task<HttpClient> ClerkAsync(string name = "clerk-import", string[]? wards = null) =>
        await _app.SignInAsync(await _app.CreateStaffAsync(name, StaffRole.RegisterClerk, wards));

    private void AssertNoUploadLeft() =>
        Assert.True(!Directory.Exists(UploadsFolder) || Directory.GetFiles(UploadsFolder).Length == 0, "an uploaded file was left in the data folder");

    [Fact]
    public async Task A_resident_file_then_change_files_import_with_errors_by_line_and_repeats_and_gaps_refused()
    {
        using var client = await ClerkAsync();
        var utf8 = await _files.ResidentFileAsync(City, 300, 11, "utf-8", "residents-utf8.csv");
        var cp932 = await _files.ResidentFileAsync(City, 300, 11, "cp932", "residents-cp932.csv");

        // Line 7 (marker, header, then residents) with a mistyped 住民票コード: listed, nothing stored.
        var bad = _files.Spoiled(utf8, "bad.csv", 7, RegisterUploads.FlipCheckDigit);
        var rejected = await RegisterUploads.UploadFileAsync(client, "residents", bad);
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        var text = RegisterUploads.Text(await SenkyoFactory.BodyAsync(rejected));
        Assert.Contains("7行目", text, StringComparison.Ordinal);
        Assert.Contains("住民票コード（resident_id）", text, StringComparison.Ordinal);
        Assert.Contains("チェックデジットが合いません", text, StringComparison.Ordinal);
        Assert.Contains("誤りが 1 件あります。何も取り込んでいません", text, StringComparison.Ordinal);
        Assert.Equal(0, await _app.Protected.CountPeopleAsync(Ct));
        Assert.DoesNotContain(await _app.Protected.ReadAuditAsync(Ct), a => a.Action == "person.import");

        // The same people in CP932, detected: imported.
        var imported = RegisterUploads.Text(await SenkyoFactory.BodyAsync(await RegisterUploads.UploadFileAsync(client, "residents", cp932)));
        Assert.Contains("住民記録ファイルを取り込みました", imported, StringComparison.Ordinal);
        Assert.Contains("取り込んだ住民 300 人", imported, StringComparison.Ordinal);
        Assert.Equal(300, await _app.Protected.CountPeopleAsync(Ct));
        var import = Assert.Single(await _app.Protected.ReadAuditAsync(Ct), a => a.Action == "person.import");
        Assert.Equal(("staff:clerk-import", "RegisterClerk", "register.import.residents"), (import.Actor, import.Role, import.Purpose));

        var again = RegisterUploads.Text(await SenkyoFactory.BodyAsync(await RegisterUploads.UploadFileAsync(client, "residents", cp932)));
        Assert.Contains("このファイルは既に取り込まれています", again, StringComparison.Ordinal);
        var second = RegisterUploads.Text(await SenkyoFactory.BodyAsync(await RegisterUploads.UploadFileAsync(client, "residents", utf8)));
        Assert.Contains("既に住民が取り込まれています", second, StringComparison.Ordinal);
        Assert.Equal(300, await _app.Protected.CountPeopleAsync(Ct));

        var changes1 = await _files.ChangeFileAsync(City, cp932, 21, new DateOnly(2026, 11, 29), new DateOnly(2027, 2, 28), "changes1.csv");
        var changes2 = await _files.ChangeFileAsync(City, cp932, 22, new DateOnly(2027, 3, 1), new DateOnly(2027, 5, 31), "changes2.csv");
        var gap = RegisterUploads.Text(await SenkyoFactory.BodyAsync(await RegisterUploads.UploadFileAsync(client, "changes", changes2)));
        Assert.Contains("順番が違います", gap, StringComparison.Ordinal);
        Assert.Contains("間の期間の異動ファイルを先に取り込んでください", gap, StringComparison.Ordinal);
        var wrongKind = RegisterUploads.Text(await SenkyoFactory.BodyAsync(await RegisterUploads.UploadFileAsync(client, "residents", changes1)));
        Assert.Contains("このファイルは異動ファイルです", wrongKind, StringComparison.Ordinal);
        Assert.DoesNotContain(await _app.Protected.ReadAuditAsync(Ct), a => a.Action == "register.import.changes");

        var applied = RegisterUploads.Text(await SenkyoFactory.BodyAsync(await RegisterUploads.UploadFileAsync(client, "changes", changes1)));
        Assert.Contains("異動ファイルを反映しました", applied, StringComparison.Ordinal);
        Assert.Contains("令和8年11月29日 (2026) 〜 令和9年2月28日 (2027)", applied, StringComparison.Ordinal);
        var events = File.ReadAllLines(changes1).Length - 2;
        Assert.Contains($"異動 {events:N0} 件", applied, StringComparison.Ordinal);
        Assert.Single(await _app.Protected.ReadAuditAsync(Ct), a => a.Action == "register.import.changes" && a.ResultCount == events);

        var replay = RegisterUploads.Text(await SenkyoFactory.BodyAsync(await RegisterUploads.UploadFileAsync(client, "changes", changes1)));
        Assert.Contains("このファイルは既に取り込まれています", replay, StringComparison.Ordinal);
        var overlap = await _files.ChangeFileAsync(City, cp932, 23, new DateOnly(2026, 11, 29), new DateOnly(2027, 2, 28), "changes1b.csv");
        var early = RegisterUploads.Text(await SenkyoFactory.BodyAsync(await RegisterUploads.UploadFileAsync(client, "changes", overlap)));
        Assert.Contains("名簿は既に令和9年2月28日 (2027)までの異動を反映しています", early, StringComparison.Ordinal);
        Assert.Single(await _app.Protected.ReadAuditAsync(Ct), a => a.Action == "register.import.changes");
        AssertNoUploadLeft();
    }

    [Fact]
    public async Task Of_many_errors_the_first_100_are_listed_with_the_total()
    {
        using var client = await ClerkAsync();
        var good = await _files.ResidentFileAsync(City, 200, 16);
        var lines = File.ReadAllLines(good);
        for (var i = 2; i < 152; i++)
        {
            lines[i] = RegisterUploads.FlipCheckDigit(lines[i]);
        }

        var bad = Path.Combine(_files.Dir, "many-errors.csv");
        await File.WriteAllTextAsync(bad, string.Join('\n', lines) + "\n", Ct);

        var html = await SenkyoFactory.BodyAsync(await RegisterUploads.UploadFileAsync(client, "residents", bad));

        var text = RegisterUploads.Text(html);
        Assert.Contains("誤りが 150 件あります", text, StringComparison.Ordinal);
        Assert.Contains("最初の 100 件を表示します", text, StringComparison.Ordinal);
        Assert.Equal(100, System.Text.RegularExpressions.Regex.Count(html, "<td class=\"num\">[0-9,]+行目</td>"));
        Assert.Contains("3行目", text, StringComparison.Ordinal);
        Assert.DoesNotContain("103行目", text, StringComparison.Ordinal);
        Assert.Equal(0, await _app.Protected.CountPeopleAsync(Ct));
    }

    [Fact]
    public async Task A_production_file_is_refused_by_the_synthetic_store_with_the_reason()
    {
        using var client = await ClerkAsync();
        var synthetic = await _files.ResidentFileAsync(City, 50, 12);
        var production = Path.Combine(_files.Dir, "production.csv");
        await File.WriteAllLinesAsync(production, File.ReadAllLines(synthetic).Skip(1), Ct); // no marker line: what a registry sends

        var response = await RegisterUploads.UploadFileAsync(client, "residents", production, asOf: "令和8年11月28日");

        var text = RegisterUploads.Text(await SenkyoFactory.BodyAsync(response));
        Assert.Contains("合成データの印（#SENKYO-SYNTHETIC）がありません", text, StringComparison.Ordinal);
        Assert.Contains("本番のファイルを取り込めません", text, StringComparison.Ordinal);
        Assert.Equal(0, await _app.Protected.CountPeopleAsync(Ct));
        AssertNoUploadLeft();
    }

    [Fact]
    public async Task Uploads_need_the_antiforgery_token_before_the_file_and_a_file()
    {
        using var client = await ClerkAsync();
        var file = await File.ReadAllBytesAsync(await _files.ResidentFileAsync(City, 50, 13), Ct);

        var missing = await RegisterUploads.UploadAsync(client, "residents", file, token: null);
        var wrong = await RegisterUploads.UploadAsync(client, "residents", file, token: "not-a-token");

        foreach (var response in new[] { missing, wrong })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("入力内容を受け付けられませんでした", await SenkyoFactory.BodyAsync(response), StringComparison.Ordinal);
        }

        var empty = await RegisterUploads.UploadAsync(client, "residents", [], "empty.csv");
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("取り込むファイルを選んでください", await SenkyoFactory.BodyAsync(empty), StringComparison.Ordinal);
        Assert.Equal(0, await _app.Protected.CountPeopleAsync(Ct));
        AssertNoUploadLeft();
    }

    [Fact]
    public async Task Only_a_register_clerk_of_every_ward_may_upload()
    {
        var file = await File.ReadAllBytesAsync(await _files.ResidentFileAsync(City, 50, 14), Ct);
        using var oneWard = await ClerkAsync("clerk-ward", [City.Wards[0].Code]);
        var page = await oneWard.GetAsync("/register/import", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("すべての区を担当するアカウントだけ", await SenkyoFactory.BodyAsync(page), StringComparison.Ordinal);

        var refused = await RegisterUploads.UploadAsync(oneWard, "residents", file);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("すべての区を担当するアカウントだけ", await SenkyoFactory.BodyAsync(refused), StringComparison.Ordinal);

        using var election = await _app.SignInAsync(await _app.CreateStaffAsync("election-import", StaffRole.ElectionClerk));
        using var form = new MultipartFormDataContent { { new ByteArrayContent(file), "File", "residents.csv" } };
        var denied = await election.PostAsync("/register/import", form, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal(0, await _app.Protected.CountPeopleAsync(Ct));
        AssertNoUploadLeft();
    }
}

/// <summary>The upload limit: a declared oversized body and a chunked one that grows past it, on a small limit.</summary>
public sealed class RegisterUploadLimitTests : IAsyncLifetime
{
    private readonly SenkyoFactory _app = new()
    {
        DemoResidents = 0,
        Options = o =>
        {
            o.SignIn.RequestsPerMinutePerAddress = 1000;
            o.Limits.MaxUploadBytes = 64 * 1024;
        },
    };

    private readonly RegisterUploads _files = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _files.Dispose();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_oversized_upload_gets_the_Japanese_error_page_and_leaves_no_file(bool unknownLength)
    {
        using var client = await _app.SignInAsync(await _app.CreateStaffAsync("clerk-limit", StaffRole.RegisterClerk));
        var city = _app.Services.GetRequiredService<CityStore>().City;
        var file = await File.ReadAllBytesAsync(await _files.ResidentFileAsync(city, 600, 15), Ct);
        Assert.True(file.Length > 64 * 1024);

        var response = await RegisterUploads.UploadAsync(client, "residents", file, unknownLength: unknownLength);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var body = await SenkyoFactory.BodyAsync(response);
        Assert.Contains("送信されたデータが大きすぎます", body, StringComparison.Ordinal);
        Assert.Contains("取り込めるファイルは64 KBまでです。何も変更されていません。", body, StringComparison.Ordinal);
        Assert.Equal(0, await _app.Protected.CountPeopleAsync(Ct));
        var folder = _app.Services.GetRequiredService<UploadFolder>().Path;
        Assert.True(!Directory.Exists(folder) || Directory.GetFiles(folder).Length == 0, "the partial upload was left in the data folder");

        // Below the limit the same page takes a file.
        var small = await File.ReadAllBytesAsync(await _files.ResidentFileAsync(city, 100, 15, name: "small.csv"), Ct);
        var ok = await RegisterUploads.UploadAsync(client, "residents", small, unknownLength: unknownLength);
        Assert.Contains("住民記録ファイルを取り込みました", await SenkyoFactory.BodyAsync(ok), StringComparison.Ordinal);
        Assert.Equal(100, await _app.Protected.CountPeopleAsync(Ct));
    }
}

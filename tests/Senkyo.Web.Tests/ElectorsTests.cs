using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Senkyo.Domain.Dates;
using Senkyo.Domain.Text;
using Senkyo.Privacy.Audit;

namespace Senkyo.Web.Tests;

/// <summary>
/// 選挙人検索 and 選挙人の記録 through the pages: kana and variant-kanji folding, the purpose asked before a record
/// opens, the audit events with that purpose, history and eligibility, ward scope, bad input refused in Japanese
/// without an audit event, and nothing personal in addresses.
/// </summary>
public sealed partial class ElectorsTests(ElectorsFixture fx) : IClassFixture<ElectorsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<int> CountAsync(string action) => (await fx.AuditAsync()).Count(a => a.Action == action);

    // Razor writes U+3000 (the space between surname and given name) as &#x3000;: compare decoded text.
    private static async Task<string> Html(HttpResponseMessage response) => WebUtility.HtmlDecode(await SenkyoFactory.BodyAsync(response));

    private static Task<HttpResponseMessage> SearchAsync(HttpClient client, Dictionary<string, string> fields) =>
        SenkyoFactory.PostFormAsync(client, "/electors", fields);

    private static Task<HttpResponseMessage> OpenAsync(HttpClient client, Dictionary<string, string> fields) =>
        SenkyoFactory.PostFormAsync(client, "/electors/record", fields, formPage: "/electors");

    [Fact]
    public async Task Kana_typed_as_hiragana_katakana_or_half_width_finds_the_elector_with_wareki_and_district_and_the_search_is_audited()
    {
        var e = fx.Electors[0];
        var i = e.Person.Identity;
        var kana = i.SurnameKana + "　" + i.GivenNameKana;
        var before = await CountAsync("voter.show");
        foreach (var (typed, birth) in new[] { (Hiragana(kana), ""), (kana, Wareki.Format(i.BirthDate)), (HalfWidth(i.SurnameKana + i.GivenNameKana), Iso(i.BirthDate)) })
        {
            var response = await SearchAsync(fx.ClerkClient, new() { ["Kana"] = typed, ["BirthDate"] = birth });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await Html(response);
            Assert.Contains($"<td>{i.Surname}　{i.GivenName}</td>", html, StringComparison.Ordinal);
            Assert.Contains($"<td>{i.SurnameKana}　{i.GivenNameKana}</td>", html, StringComparison.Ordinal);
            Assert.Contains(Wareki.FormatWithGregorianYear(i.BirthDate), html, StringComparison.Ordinal);
            Assert.Contains($"({e.Person.District})", html.Replace('（', '(').Replace('）', ')'), StringComparison.Ordinal);
            Assert.Contains("<td>選挙人</td>", html, StringComparison.Ordinal);
            Assert.Contains($"name=\"Id\" value=\"{e.Person.Id}\"", html, StringComparison.Ordinal);
            if (birth.Length > 0)
            {
                Assert.Contains(Wareki.FormatWithGregorianYear(i.BirthDate) + "（" + Iso(i.BirthDate) + "）として検索", html, StringComparison.Ordinal);
            }
        }

        var audit = await fx.AuditAsync();
        var shows = audit.Where(a => a.Action == "voter.show").ToList();
        Assert.Equal(before + 3, shows.Count);
        Assert.All(shows.TakeLast(3), a =>
        {
            Assert.Equal(("staff:meibo", "RegisterClerk", "*", "elector-search"), (a.Actor, a.Role, a.WardScope, a.Purpose));
            Assert.True(SubjectSet.Parse(a.Subjects).Contains(e.Person.Id));
            Assert.True(a.ResultCount >= 1);
        });
    }

    [Fact]
    public async Task A_surname_alone_finds_the_elector()
    {
        var e = fx.Electors[1];
        var html = await Html(await SearchAsync(fx.ClerkClient, new() { ["Kana"] = Hiragana(e.Person.Identity.SurnameKana) }));
        Assert.Contains($"name=\"Id\" value=\"{e.Person.Id}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kanji_name_typed_with_a_variant_kanji_finds_the_plain_one()
    {
        var pairs = new[] { ('高', '髙'), ('崎', '﨑'), ('辺', '邊'), ('斎', '齋'), ('沢', '澤'), ('島', '嶋'), ('浜', '濱'), ('国', '國'), ('広', '廣'), ('桜', '櫻') };
        Assert.All(pairs, p => Assert.Equal(p.Item1, VariantKanjiTable.Default.Fold(p.Item2)));
        var (person, plain, variant) = fx.Electors
            .SelectMany(e => pairs.Where(p => e.Person.Identity.KanjiName.Contains(p.Item1, StringComparison.Ordinal)).Select(p => (e, p.Item1, p.Item2)))
            .First();
        var typed = person.Person.Identity.KanjiName.Replace(plain, variant);
        var html = await Html(await SearchAsync(fx.ClerkClient, new() { ["Name"] = typed }));
        Assert.Contains($"name=\"Id\" value=\"{person.Person.Id}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_search_and_the_record_travel_only_in_post_bodies()
    {
        var e = fx.Electors[2];
        var kana = e.Person.Identity.SurnameKana + e.Person.Identity.GivenNameKana;
        var page = await fx.ClerkClient.GetStringAsync("/electors", Ct);
        Assert.Matches("<form method=\"post\" class=\"form filter\"", page);
        Assert.Matches("id=\"Kana\"[^>]*autofocus|autofocus[^>]*id=\"Kana\"", page);

        var response = await SearchAsync(fx.ClerkClient, new() { ["Kana"] = kana });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // answered in place, not redirected to an address with the terms
        var html = await Html(response);
        Assert.Contains("action=\"/electors/record\"", html, StringComparison.Ordinal);
        foreach (Match link in LinkPattern().Matches(html))
        {
            Assert.DoesNotContain("?", link.Groups[1].Value, StringComparison.Ordinal);
            Assert.DoesNotContain(e.Person.Id.ToString(CultureInfo.InvariantCulture), link.Groups[1].Value, StringComparison.Ordinal);
        }

        // Terms in a query string are not a search: nothing is looked up or shown.
        var before = await CountAsync("voter.show");
        var get = await fx.ClerkClient.GetStringAsync("/electors?Kana=" + Uri.EscapeDataString(kana), Ct);
        Assert.DoesNotContain($"value=\"{e.Person.Id}\"", get, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync("voter.show"));
    }

    [Theory]
    [InlineData("BirthDate", "令和99年13月1日", "生年月日")]
    [InlineData("BirthDate", "平成31年5月1日", "生年月日")]
    [InlineData("Kana", "山田タロウ", "カナ氏名")]
    [InlineData("Kana", "'; DROP TABLE person; --", "カナ氏名")]
    [InlineData("Kana", "LONG", "カナ氏名")]
    [InlineData("Name", "LONG", "漢字氏名")]
    [InlineData("Ward", "999999", "区")]
    [InlineData("", "", "どれかを入力してください")]
    public async Task A_bad_search_is_refused_in_Japanese_naming_the_field_and_nothing_is_looked_up(string field, string value, string named)
    {
        var before = (await CountAsync("voter.show"), (await fx.AuditAsync()).Count(a => a.Action.StartsWith("person.search", StringComparison.Ordinal)));
        var fields = new Dictionary<string, string> { ["Kana"] = "ヤマダ", ["Name"] = "", ["BirthDate"] = "" };
        if (field.Length > 0)
        {
            // Over the screen's 64 characters, well under the app-wide field limit: the page's own check answers.
            fields[field] = value == "LONG" ? string.Concat(Enumerable.Repeat(field == "Kana" ? "ヤマダ" : "山田", 40)) : value;
        }
        else
        {
            fields["Kana"] = "";
        }

        var response = await SearchAsync(fx.ClerkClient, fields);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await Html(response);
        Assert.Matches($"<p class=\"error\" role=\"alert\">[^<]*{Regex.Escape(named)}", html);
        Assert.Equal(before, (await CountAsync("voter.show"), (await fx.AuditAsync()).Count(a => a.Action.StartsWith("person.search", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task A_ward_filter_narrows_the_search_to_that_ward_of_the_account()
    {
        var outsider = fx.Outsider;
        var kana = outsider.Person.Identity.SurnameKana + outsider.Person.Identity.GivenNameKana;
        var html = await Html(await SearchAsync(fx.ClerkClient, new() { ["Kana"] = kana, ["Ward"] = fx.FirstWard }));
        Assert.DoesNotContain($"value=\"{outsider.Person.Id}\"", html, StringComparison.Ordinal);
        Assert.Equal(fx.FirstWard, (await fx.AuditAsync()).Last(a => a.Action == "voter.show").WardScope);

        // An account of one ward never sees another ward's electors, and cannot pick another ward.
        html = await Html(await SearchAsync(fx.WardClerkClient, new() { ["Kana"] = kana }));
        Assert.DoesNotContain($"value=\"{outsider.Person.Id}\"", html, StringComparison.Ordinal);
        var refused = await SearchAsync(fx.WardClerkClient, new() { ["Kana"] = kana, ["Ward"] = outsider.Person.WardCode });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("担当の区から選んでください", await Html(refused), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opening_a_record_asks_for_a_purpose_first_then_shows_it_with_history_and_eligibility_and_audits_the_purpose()
    {
        var e = fx.Electors[3];
        var id = e.Person.Id.ToString(CultureInfo.InvariantCulture);
        var before = await CountAsync("elector.read");
        var ask = await Html(await OpenAsync(fx.ClerkClient, new() { ["Id"] = id }));
        Assert.Contains("閲覧の目的", ask, StringComparison.Ordinal);
        Assert.DoesNotContain(e.Person.Identity.GivenName, ask, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync("elector.read"));
        foreach (var name in new[] { "窓口照会", "証明書発行", "名簿修正", "選挙事務", "監査対応" })
        {
            Assert.Contains($">{name}</option>", ask, StringComparison.Ordinal);
        }

        var response = await OpenAsync(fx.ClerkClient, new() { ["Id"] = id, ["Purpose"] = "inquiry", ["Reference"] = "R8-00123" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var html = await Html(response);
        var i = e.Person.Identity;
        Assert.Contains(i.Surname + "　" + i.GivenName, html, StringComparison.Ordinal);
        Assert.Contains(i.Address, html, StringComparison.Ordinal);
        Assert.Contains(Wareki.FormatWithGregorianYear(i.BirthDate), html, StringComparison.Ordinal);
        Assert.Contains($"<dd>{e.RegisterNumber}</dd>", html, StringComparison.Ordinal);
        // The demo's 定時登録 of 1 September 2026 is the first history row, in 和暦 with its reason.
        Assert.Matches("<td>令和8年9月1日 \\(2026\\)</td>\\s*<td>登録</td>\\s*<td>(年齢到達|転入後3か月経過)", html);
        // Default example: a national election four weeks ahead, judged on polling day.
        Assert.Contains("この日は投票できます。", html, StringComparison.Ordinal);
        Assert.Contains("国政（衆議院・参議院）、告示日（公示日）令和8年12月15日 (2026)、投票日 令和8年12月27日 (2026)", html, StringComparison.Ordinal);

        var read = (await fx.AuditAsync()).Last(a => a.Action == "elector.read");
        Assert.Equal(before + 1, await CountAsync("elector.read"));
        Assert.Equal(("staff:meibo", "RegisterClerk", "inquiry:R8-00123", AuditOutcome.Success, (long?)1), (read.Actor, read.Role, read.Purpose, read.Outcome, read.ResultCount));
        Assert.Equal(id, read.Subjects);
    }

    [Fact]
    public async Task Eligibility_is_the_domain_answer_for_the_chosen_election_and_day_and_each_check_is_audited()
    {
        var e = fx.Electors[4];
        var fields = new Dictionary<string, string>
        {
            ["Id"] = e.Person.Id.ToString(CultureInfo.InvariantCulture),
            ["Purpose"] = "election-work",
            ["Level"] = "municipal",
            ["Announcement"] = "R9.4.12",
            ["Polling"] = "2027-04-19",
            ["Day"] = "令和9年4月1日",
        };
        var before = await CountAsync("elector.read");
        var html = await Html(await OpenAsync(fx.ClerkClient, fields));
        var expected = e.VotingOn(new Domain.Register.ElectionDates(Domain.Register.ElectionLevel.Municipal, new DateOnly(2027, 4, 12), new DateOnly(2027, 4, 19)), new DateOnly(2027, 4, 1));
        Assert.False(expected.CanVote); // before the early-voting period
        Assert.Contains($"data-testid=\"verdict\">{expected.Explanation}</p>", html, StringComparison.Ordinal);

        fields["Day"] = "R9.4.13";
        html = await Html(await OpenAsync(fx.ClerkClient, fields));
        Assert.Contains("class=\"verdict ok\"", html, StringComparison.Ordinal);
        Assert.Contains("この日は投票できます", html, StringComparison.Ordinal);
        Assert.Equal(before + 2, await CountAsync("elector.read"));
        Assert.Equal("election-work", (await fx.AuditAsync()).Last(a => a.Action == "elector.read").Purpose);
    }

    [Theory]
    [InlineData("Reference", "山田太郎の相談", "個人情報")]
    [InlineData("Reference", "R8-0012345678901234567890123456789", "32文字まで")]
    [InlineData("Reference", "R8 00123", "半角の英字・数字・ハイフン")]
    [InlineData("Purpose", "curiosity", "閲覧の目的を一覧から選んでください")]
    [InlineData("Day", "令和9年2月30日", "判定する日")]
    [InlineData("Polling", "あした", "投票日")]
    [InlineData("Announcement", "2027-05-01", "告示日（公示日）は投票日より前")]
    [InlineData("Level", "world", "選挙の種類")]
    [InlineData("Id", "12abc", "記録の指定が正しくありません")]
    public async Task Bad_record_input_is_refused_in_Japanese_and_writes_no_read_event(string field, string value, string message)
    {
        var fields = new Dictionary<string, string>
        {
            ["Id"] = fx.Electors[5].Person.Id.ToString(CultureInfo.InvariantCulture),
            ["Purpose"] = "inquiry",
            ["Reference"] = "",
            ["Polling"] = "2027-04-19",
            [field] = value,
        };
        var before = (await fx.AuditAsync()).Count(a => a.Action == "elector.read");
        var response = await OpenAsync(fx.ClerkClient, fields);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await Html(response);
        Assert.Matches($"<p class=\"error\" role=\"alert\">[^<]*{Regex.Escape(message)}", html);
        Assert.DoesNotContain(fx.Electors[5].Person.Identity.GivenName, html, StringComparison.Ordinal);
        Assert.Equal(before, (await fx.AuditAsync()).Count(a => a.Action == "elector.read"));
    }

    [Fact]
    public async Task A_person_outside_the_account_wards_is_refused_and_the_refusal_is_audited()
    {
        var outsider = fx.Outsider;
        var response = await OpenAsync(fx.WardClerkClient, new() { ["Id"] = outsider.Person.Id.ToString(CultureInfo.InvariantCulture), ["Purpose"] = "inquiry" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var html = await Html(response);
        Assert.Contains("この記録は開けません", html, StringComparison.Ordinal);
        Assert.DoesNotContain(outsider.Person.Identity.GivenName, html, StringComparison.Ordinal);
        var refusal = (await fx.AuditAsync()).Last(a => a.Action == "elector.read");
        Assert.Equal(("staff:meibo-ku", fx.FirstWard, AuditOutcome.Denied, outsider.Person.Id.ToString(CultureInfo.InvariantCulture)),
            (refusal.Actor, refusal.WardScope, refusal.Outcome, refusal.Subjects));

        // The same clerk opens a person of their own ward.
        var own = await OpenAsync(fx.WardClerkClient, new() { ["Id"] = fx.Insider.Person.Id.ToString(CultureInfo.InvariantCulture), ["Purpose"] = "correction" });
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains(fx.Insider.Person.Identity.GivenName, await Html(own), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reception_may_search_but_opens_records_only_for_election_work()
    {
        var e = fx.Electors[6];
        var id = e.Person.Id.ToString(CultureInfo.InvariantCulture);
        var ask = await Html(await OpenAsync(fx.ReceptionClient, new() { ["Id"] = id }));
        Assert.Contains(">選挙事務</option>", ask, StringComparison.Ordinal);
        Assert.DoesNotContain(">名簿修正</option>", ask, StringComparison.Ordinal);
        Assert.DoesNotContain(">証明書発行</option>", ask, StringComparison.Ordinal);

        var refused = await OpenAsync(fx.ReceptionClient, new() { ["Id"] = id, ["Purpose"] = "correction" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var opened = await OpenAsync(fx.ReceptionClient, new() { ["Id"] = id, ["Purpose"] = "election-work" });
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var read = (await fx.AuditAsync()).Last(a => a.Action == "elector.read");
        Assert.Equal(("staff:uketsuke", "Reception", "election-work"), (read.Actor, read.Role, read.Purpose));
    }

    [Fact]
    public async Task Posts_without_antiforgery_token_are_refused_and_neither_search_nor_read()
    {
        var before = (await CountAsync("voter.show"), await CountAsync("elector.read"));
        var e = fx.Electors[7];
        var search = await fx.ClerkClient.PostAsync("/electors", new FormUrlEncodedContent(new Dictionary<string, string> { ["Kana"] = e.Person.Identity.SurnameKana + e.Person.Identity.GivenNameKana }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, search.StatusCode);
        var read = await fx.ClerkClient.PostAsync("/electors/record", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Id"] = e.Person.Id.ToString(CultureInfo.InvariantCulture),
            ["Purpose"] = "inquiry",
        }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, read.StatusCode);
        Assert.Contains("入力内容を受け付けられませんでした", await Html(read), StringComparison.Ordinal);
        Assert.Equal(before, (await CountAsync("voter.show"), await CountAsync("elector.read")));
    }

    [Theory]
    [InlineData("/electors")]
    [InlineData("/electors/record")]
    public async Task The_elector_pages_are_not_stored_by_any_cache(string path)
    {
        var get = await fx.ClerkClient.GetAsync(path, Ct);
        Assert.Equal("no-store", get.Headers.CacheControl?.ToString());
        var post = await SenkyoFactory.PostFormAsync(fx.ClerkClient, path, new() { ["Kana"] = "ヤマダ", ["Id"] = fx.Electors[0].Person.Id.ToString(CultureInfo.InvariantCulture) }, formPage: "/electors");
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("no-store", post.Headers.CacheControl?.ToString());
        Assert.Contains("no-cache", post.Headers.Pragma.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_administrator_is_refused_the_elector_screens_and_the_menu_does_not_offer_them()
    {
        var admin = await fx.Factory.CreateStaffAsync("kanri-e", Accounts.StaffRole.SystemAdministrator);
        using var client = await fx.Factory.SignInAsync(admin);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/electors", Ct)).StatusCode);
        Assert.DoesNotContain("href=\"/electors\"", await client.GetStringAsync("/", Ct), StringComparison.Ordinal);
        Assert.Contains("href=\"/electors\"", await fx.ClerkClient.GetStringAsync("/", Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Searches_beyond_the_per_account_rate_are_refused_in_Japanese_and_look_nothing_up()
    {
        await using var app = new SenkyoFactory { DemoResidents = 10, Options = o => o.SignIn.SearchesPerMinutePerAccount = 3 };
        using var client = await app.SignInAsync(await app.CreateStaffAsync("hayai", Accounts.StaffRole.RegisterClerk));
        var page = await client.GetStringAsync("/electors", Ct); // the page itself is the first of the three
        var token = WebUtility.HtmlDecode(TokenPattern().Match(page).Groups[1].Value);
        var statuses = new List<HttpStatusCode>();
        for (var n = 0; n < 3; n++)
        {
            var response = await client.PostAsync("/electors", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Kana"] = "ヤマダ　タロウ",
                ["__RequestVerificationToken"] = token,
            }), Ct);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Contains("操作が多すぎます", await SenkyoFactory.BodyAsync(response), StringComparison.Ordinal);
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(2, (await app.Protected.ReadAuditAsync(Ct)).Count(a => a.Action == "voter.show"));
    }

    internal static string Hiragana(string katakana) => new([.. katakana.Select(c => c is >= 'ァ' and <= 'ヶ' ? (char)(c - 0x60) : c)]);

    /// <summary>Half-width katakana (ﾔﾏﾀﾞ): the inverse of NFKC over U+FF66–U+FF9D, voiced marks split off.</summary>
    internal static string HalfWidth(string katakana)
    {
        var map = new Dictionary<char, char>();
        for (var h = '\uFF66'; h <= '\uFF9D'; h++)
        {
            map.TryAdd(h.ToString().Normalize(NormalizationForm.FormKC)[0], h);
        }

        var sb = new StringBuilder();
        foreach (var c in katakana.Normalize(NormalizationForm.FormD))
        {
            sb.Append(c switch
            {
                '\u3099' => '\uFF9E',
                '\u309A' => '\uFF9F',
                _ => map.GetValueOrDefault(c, c),
            });
        }

        return sb.ToString();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("(?:href|action)=\"([^\"]*)\"")]
    private static partial Regex LinkPattern();
}

using System.Globalization;
using Senkyo.Domain.Register;
using Senkyo.Privacy.Keys;
using Senkyo.Storage.Import;

namespace Senkyo.Storage.Tests;

/// <summary>The voter register over the store (import, changes, registration, search, extract), on every engine.</summary>
public abstract class RegisterContract(StoreTarget target, RegisterFiles files) : IDisposable
{
    private static readonly AccessContext Clerk = new("clerk01", "registrar", "*", "test");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected async Task<(SenkyoStore Store, StoreLocation Location)> NewStoreAsync(StoreKind kind = StoreKind.Synthetic)
    {
        var location = await target.NewLocationAsync(Ct);
        using var key = MasterKey.Generate();
        return (await SenkyoStore.CreateAsync(location, key, kind, Clerk, null, Ct), location);
    }

    private async Task<(SenkyoStore Store, StoreLocation Location)> ImportedAsync()
    {
        var (store, location) = await NewStoreAsync();
        await store.ImportResidentsAsync(Clerk, files.Residents, files.City, FileEncoding.Auto, null, null, Ct);
        return (store, location);
    }

    [Fact]
    public async Task Import_stores_every_resident_and_counts_per_ward_and_district_match_the_file()
    {
        var (store, location) = await NewStoreAsync();
        await using var _ = store;
        var result = await store.ImportResidentsAsync(Clerk, files.Residents, files.City, FileEncoding.Auto, null, null, Ct);

        Assert.Equal(RegisterFiles.Count, result.Residents);
        Assert.Equal(RegisterFiles.Count, await store.CountPeopleAsync(Ct));
        var byDistrict = files.Rows.GroupBy(r => files.City.DistrictOfTown(r.TownCode)!.Code).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(byDistrict.OrderBy(k => k.Key), result.ByDistrict.OrderBy(k => k.Key));
        foreach (var (district, n) in byDistrict.Take(5))
        {
            Assert.Equal(n, await RegisterFiles.ScalarAsync<long>(location, $"SELECT count(*) FROM person WHERE district = '{district}'", Ct));
        }

        var byWard = files.Rows.GroupBy(r => r.WardCode).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(byWard.OrderBy(k => k.Key), result.ByWard.OrderBy(k => k.Key));
        var qualifying = files.Rows.Count(r => RegistrationEligibility.Evaluate(SenkyoStore.HistoryFromFile(r.BirthDate, r.Nationality == "JPN", r.ResidentSince), RegisterFiles.AsOf).Eligible);
        Assert.Equal(qualifying, result.Qualifying);
        Assert.Equal(qualifying, await RegisterFiles.ScalarAsync<long>(location, "SELECT count(*) FROM person WHERE eligibility = 0", Ct));
        var last = (await store.ReadAuditAsync(Ct))[^1];
        Assert.Equal(("person.import", (long?)RegisterFiles.Count), (last.Action, last.ResultCount));
    }

    /// <summary>
    /// The bulk import packs and indexes residents from the file's text, change files and searches from strings: an
    /// imported resident must read back field for field and be found by every look-up the string path computes.
    /// </summary>
    [Fact]
    public async Task Every_imported_resident_reads_back_as_the_file_gives_them_and_each_look_up_finds_them()
    {
        var (store, location) = await NewStoreAsync();
        await using var _ = store;
        var result = await store.ImportResidentsAsync(Clerk, files.Residents, files.City, FileEncoding.Auto, null, null, Ct);
        var surnames = new Dictionary<string, HashSet<long>>(StringComparer.Ordinal);
        for (var i = 0; i < files.Rows.Count; i += 97)
        {
            var r = files.Rows[i];
            var p = await store.ReadPersonAsync(Clerk, result.FirstId + i, Ct);
            var identity = new PersonIdentity(r.Surname, r.GivenName, r.SurnameKana, r.GivenNameKana, r.BirthDate, r.Nationality, r.PostalCode, r.Address, r.Banchi, r.Building, r.Phone, r.PreviousAddress, r.Relationship, r.TownCode);
            Assert.Equal((r.ResidentId, r.HouseholdId, r.Sex, r.ResidentSince, r.WardCode, files.City.DistrictOfTown(r.TownCode)!.Code, identity), (p.ResidentId, p.HouseholdId, p.Sex, p.ResidentSince, p.WardCode, p.District, p.Identity));
            foreach (var query in new[]
            {
                PersonQuery.ByKanaAndBirth(r.SurnameKana + r.GivenNameKana, r.BirthDate), PersonQuery.ByKanaName(r.SurnameKana + r.GivenNameKana) with { Limit = 1000 },
                PersonQuery.ByKanjiName(r.Surname + r.GivenName) with { Limit = 1000 }, PersonQuery.ByBirthDate(r.BirthDate) with { Limit = 1000 },
            })
            {
                Assert.Contains(await store.FindPeopleAsync(Clerk, query, Ct), f => f.Id == p.Id);
            }

            // A surname alone with the date is found within the date through the surname indexes (and the kana one
            // also through bidx_kana_birth, which a surname alone never matches).
            var inquiry = Clerk with { Purpose = "inquiry:t" };
            Assert.Contains(await store.FindVotersAsync(inquiry, new VoterQuery(r.SurnameKana, null, r.BirthDate), Ct), v => v.Id == p.Id);
            Assert.Contains(await store.FindVotersAsync(inquiry, new VoterQuery(null, r.Surname, r.BirthDate), Ct), v => v.Id == p.Id);

            var surname = await RegisterFiles.ScalarAsync<long>(location, $"SELECT bidx_kana_surname FROM person WHERE id = {p.Id}", Ct);
            var kanji = await RegisterFiles.ScalarAsync<long>(location, $"SELECT bidx_kanji_surname FROM person WHERE id = {p.Id}", Ct);
            foreach (var (key, value) in new[] { ("kana:" + Key(r.SurnameKana), surname), ("kanji:" + Key(r.Surname), kanji) })
            {
                surnames.TryAdd(key, []);
                surnames[key].Add(value);
            }
        }

        // One surname key, one index value, and another key another value; the searches above checked the full names.
        Assert.All(surnames, s => Assert.Single(s.Value));
        Assert.Equal(surnames.Count, surnames.Values.Select(v => v.Single()).Distinct().Count());

        static string Key(string text) => Domain.Text.SearchKeyNormalizer.Default.Normalize(text);
    }

    [Fact]
    public async Task Import_defers_and_rebuilds_every_index_of_the_person_table_and_searches_use_them()
    {
        var (store, location) = await NewStoreAsync();
        await using var _ = store;
        var before = await RegisterFiles.PersonIndexesAsync(location, Ct);

        await store.ImportResidentsAsync(Clerk, files.Residents, files.City, FileEncoding.Auto, null, null, Ct);

        // The same indexes, with the same definitions, as the migrations created (the unique resident reference included).
        Assert.Equal(before, await RegisterFiles.PersonIndexesAsync(location, Ct));
        Assert.Contains(before, i => i.StartsWith("person_bidx_kana_birth:", StringComparison.Ordinal));
        // PostgreSQL names the UNIQUE constraint's index after the column; SQLite's stays an automatic index.
        Assert.Contains(before, i => i.Contains("resident_ref", StringComparison.Ordinal) || i.StartsWith("sqlite_autoindex_person_", StringComparison.Ordinal));
        foreach (var r in files.Rows.Where((_, i) => i % 97 == 0))
        {
            var found = await store.FindVotersAsync(Clerk, new VoterQuery(r.SurnameKana + r.GivenNameKana, null, r.BirthDate), Ct);
            Assert.Contains(found, v => v.Kana == r.SurnameKana + "　" + r.GivenNameKana && v.BirthDate == r.BirthDate);
        }
    }

    public static TheoryData<string, int, int, string, string, string> BadRows => new()
    {
        // name, line, field index, replacement, expected column, expected words
        { "check-digit", 7, 0, "FLIP", "resident_id", "check digit" },
        { "impossible-date", 12, 8, "1990-02-30", "birth_date", "impossible" },
        { "unknown-town", 20, 12, "2714199999", "town_code", "unknown town code" },
        { "bad-kana", 25, 5, "やまだ", "surname_kana", "katakana" },
        { "oversized", 30, 15, new string('あ', 500), "building", "oversized" },
        { "malformed-quote", 33, 13, "\"大阪府堺市\"X", "address", "malformed CSV" },
        { "control-character", 36, 13, "大阪府\u0007堺市", "address", "control character" },
        { "control-and-replacement", 37, 13, "大阪府\uFFFD堺市\u007F", "address", "control character" },
        { "replacement-character", 38, 15, "ハイツ\uFFFD", "building", "not valid in the file's encoding" },
        { "postal-letters", 39, 10, "59O0001", "postal_code", "7 digits" },
        // The last row: by then every earlier row has been encrypted and written inside the transaction.
        { "last-row-check-digit", RegisterFiles.Count + 2, 0, "FLIP", "resident_id", "check digit" },
    };

    [Theory]
    [MemberData(nameof(BadRows))]
    public async Task A_file_with_a_bad_row_changes_nothing_and_the_error_names_line_and_column(string name, int line, int field, string replacement, string column, string words)
    {
        var path = files.Spoiled(name + ".csv", line, l => RegisterFiles.ReplaceField(l, field, replacement == "FLIP" ? FlipCheckDigit(l.Split(',')[0]) : replacement));
        var (store, _) = await NewStoreAsync();
        await using var _s = store;
        var before = (await store.ReadAuditAsync(Ct)).Count;

        var e = await Assert.ThrowsAsync<ImportRejectedException>(() => store.ImportResidentsAsync(Clerk, path, files.City, FileEncoding.Auto, null, null, Ct));

        var error = Assert.Single(e.Errors);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains(words, error.Problem, StringComparison.Ordinal);
        Assert.Contains($"line {line}", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await store.CountPeopleAsync(Ct));
        Assert.Equal(before, (await store.ReadAuditAsync(Ct)).Count);
    }

    [Fact]
    public async Task A_refused_import_uses_up_no_ids_and_the_corrected_file_then_imports_whole()
    {
        var bad = files.Spoiled("late-duplicate.csv", RegisterFiles.Count, l => RegisterFiles.ReplaceField(l, 0, RegisterFiles.Lines(files.Residents)[2].Split(',')[0]));
        var (store, _) = await NewStoreAsync();
        await using var _s = store;
        var e = await Assert.ThrowsAsync<ImportRejectedException>(() => store.ImportResidentsAsync(Clerk, bad, files.City, FileEncoding.Auto, null, null, Ct));
        Assert.Equal(((long)RegisterFiles.Count, "resident_id"), (e.Errors[0].Line, e.Errors[0].Column));

        var (fresh, _) = await NewStoreAsync();
        await using var _f = fresh;
        var expected = await fresh.ImportResidentsAsync(Clerk, files.Residents, files.City, FileEncoding.Auto, null, null, Ct);
        var result = await store.ImportResidentsAsync(Clerk, files.Residents, files.City, FileEncoding.Auto, null, null, Ct);
        Assert.Equal((expected.FirstId, expected.LastId, (long)RegisterFiles.Count), (result.FirstId, result.LastId, await store.CountPeopleAsync(Ct)));
    }

    [Fact]
    public async Task Duplicate_resident_numbers_and_wrong_encoding_are_errors_with_their_lines()
    {
        var lines = RegisterFiles.Lines(files.Residents);
        var duplicate = files.Spoiled("dup.csv", 40, l => RegisterFiles.ReplaceField(l, 0, lines[2].Split(',')[0]));
        var (store, _) = await NewStoreAsync();
        await using var _s = store;
        var e = await Assert.ThrowsAsync<ImportRejectedException>(() => store.ImportResidentsAsync(Clerk, duplicate, files.City, FileEncoding.Auto, null, null, Ct));
        Assert.Equal((40L, "resident_id"), (e.Errors[0].Line, e.Errors[0].Column));

        // A UTF-8 file read as CP932 decodes to garbage or invalid sequences somewhere: rejected, never stored.
        var wrong = await Assert.ThrowsAsync<ImportRejectedException>(() => store.ImportResidentsAsync(Clerk, files.Residents, files.City, FileEncoding.Cp932, null, null, Ct));
        Assert.True(wrong.Total > 0);
        Assert.Equal(0, await store.CountPeopleAsync(Ct));
    }

    [Fact]
    public async Task Re_importing_an_applied_file_is_refused()
    {
        var (store, _) = await ImportedAsync();
        await using var _s = store;
        var e = await Assert.ThrowsAsync<StoreRefusedException>(() => store.ImportResidentsAsync(Clerk, files.Residents, files.City, FileEncoding.Auto, null, null, Ct));
        Assert.Contains("already applied", e.Message, StringComparison.Ordinal);
        Assert.Equal(RegisterFiles.Count, await store.CountPeopleAsync(Ct));
    }

    [Fact]
    public async Task A_bad_resident_file_given_to_a_store_that_already_holds_residents_reports_its_errors_first()
    {
        var (store, _) = await ImportedAsync();
        await using var _s = store;
        var bad = files.Spoiled("late-check-digit.csv", 9, l => RegisterFiles.ReplaceField(l, 0, FlipCheckDigit(l.Split(',')[0])));
        var e = await Assert.ThrowsAsync<ImportRejectedException>(() => store.ImportResidentsAsync(Clerk, bad, files.City, FileEncoding.Auto, null, null, Ct));
        Assert.Equal((9L, "resident_id"), (e.Errors[0].Line, e.Errors[0].Column));
        Assert.Equal(RegisterFiles.Count, await store.CountPeopleAsync(Ct));
    }

    [Fact]
    public async Task Synthetic_and_production_never_mix()
    {
        var (production, _) = await NewStoreAsync(StoreKind.Production);
        await using (production)
        {
            var e = await Assert.ThrowsAsync<StoreRefusedException>(() => production.ImportResidentsAsync(Clerk, files.Residents, files.City with { IsSynthetic = false }, FileEncoding.Auto, null, null, Ct));
            Assert.Contains("refuses synthetic", e.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<StoreRefusedException>(() => production.ImportResidentsAsync(Clerk, files.Residents, files.City, FileEncoding.Auto, null, null, Ct));
        }

        var unmarked = Path.Combine(Path.GetDirectoryName(files.Residents)!, "unmarked.csv");
        await File.WriteAllLinesAsync(unmarked, RegisterFiles.Lines(files.Residents).Skip(1), Ct);
        var (synthetic, _) = await NewStoreAsync();
        await using (synthetic)
        {
            var e = await Assert.ThrowsAsync<StoreRefusedException>(() => synthetic.ImportResidentsAsync(Clerk, unmarked, files.City, FileEncoding.Auto, RegisterFiles.AsOf, null, Ct));
            Assert.Contains("refuses production", e.Message, StringComparison.Ordinal);
            Assert.Equal(0, await synthetic.CountPeopleAsync(Ct));
        }
    }

    [Fact]
    public async Task Changes_mark_a_move_out_and_delete_a_death_with_reason_codes_and_history()
    {
        var (store, location) = await ImportedAsync();
        await using var _s = store;
        await store.RegisterPeriodicAsync(Clerk, new DateOnly(2026, 12, 1), [], Ct);
        var result = await store.ImportChangesAsync(Clerk, files.Changes1, files.City, FileEncoding.Auto, Ct);
        Assert.Equal(files.Events1.Count, result.Events);

        var registered = files.Rows.Where(r => RegistrationEligibility.Evaluate(SenkyoStore.HistoryFromFile(r.BirthDate, r.Nationality == "JPN", r.ResidentSince), new DateOnly(2026, 12, 1)).Eligible)
            .Select(r => r.ResidentId).ToHashSet(StringComparer.Ordinal);
        var moveOut = files.Events1.First(e => e.Kind == "move_out" && registered.Contains(e.Resident.ResidentId));
        var death = files.Events1.First(e => e.Kind == "death" && registered.Contains(e.Resident.ResidentId));
        var movedId = (await store.FindIdByResidentIdAsync(Clerk, moveOut.Resident.ResidentId, Ct))!.Value;
        var deadId = (await store.FindIdByResidentIdAsync(Clerk, death.Resident.ResidentId, Ct))!.Value;

        Assert.Equal((int)ElectorStatus.Marked, await RegisterFiles.ScalarAsync<int>(location, $"SELECT status FROM person WHERE id = {movedId}", Ct));
        Assert.Equal((int)MarkReason.MovedOut, await RegisterFiles.ScalarAsync<int>(location, $"SELECT mark_reason FROM person WHERE id = {movedId}", Ct));
        Assert.Equal(1, await RegisterFiles.ScalarAsync<int>(location, $"SELECT count(*) FROM register_history WHERE person_id = {movedId} AND change = 'mark' AND reason = 1", Ct));
        Assert.Equal((int)ElectorStatus.Deleted, await RegisterFiles.ScalarAsync<int>(location, $"SELECT status FROM person WHERE id = {deadId}", Ct));
        Assert.Equal((int)DeletionReason.Death, await RegisterFiles.ScalarAsync<int>(location, $"SELECT deletion_reason FROM person WHERE id = {deadId}", Ct));
        Assert.Equal(death.EventDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            await RegisterFiles.ScalarAsync<string>(location, $"SELECT CAST(on_date AS TEXT) FROM register_history WHERE person_id = {deadId} AND change = 'delete' AND reason = 1", Ct));
        var newcomers = files.Events1.Count(e => e.Kind is "move_in" or "birth");
        Assert.Equal(RegisterFiles.Count + newcomers, await store.CountPeopleAsync(Ct));

        // Four months after the move-out the mark becomes a deletion (法28二).
        await store.ProcessRegisterAsync(Clerk, moveOut.EventDate.AddMonths(5), Ct);
        Assert.Equal((int)DeletionReason.FourMonthsAfterMoveOut, await RegisterFiles.ScalarAsync<int>(location, $"SELECT deletion_reason FROM person WHERE id = {movedId}", Ct));
    }

    [Fact]
    public async Task Change_files_out_of_order_or_repeated_are_refused_and_change_nothing()
    {
        var (store, location) = await ImportedAsync();
        await using var _s = store;
        var gap = await Assert.ThrowsAsync<StoreRefusedException>(() => store.ImportChangesAsync(Clerk, files.Changes2, files.City, FileEncoding.Auto, Ct));
        Assert.Contains("out of order", gap.Message, StringComparison.Ordinal);
        Assert.Equal(0, await RegisterFiles.ScalarAsync<long>(location, "SELECT count(*) FROM register_history", Ct));

        await store.ImportChangesAsync(Clerk, files.Changes1, files.City, FileEncoding.Auto, Ct);
        var count = await store.CountPeopleAsync(Ct);
        var again = await Assert.ThrowsAsync<StoreRefusedException>(() => store.ImportChangesAsync(Clerk, files.Changes1, files.City, FileEncoding.Auto, Ct));
        Assert.Contains("already applied", again.Message, StringComparison.Ordinal);
        var overlap = await Assert.ThrowsAsync<StoreRefusedException>(() => store.ImportChangesAsync(Clerk, files.Changes1Again, files.City, FileEncoding.Auto, Ct));
        Assert.Contains("out of order", overlap.Message, StringComparison.Ordinal);
        Assert.Equal(count, await store.CountPeopleAsync(Ct));
    }

    [Fact]
    public async Task An_event_for_a_resident_who_does_not_exist_is_an_error_with_its_line()
    {
        var lines = RegisterFiles.Lines(files.Changes1);
        var index = Array.FindIndex(lines, l => l.Split(',') is [_, "move_out", ..]);
        var f = lines[index].Split(',');
        f[4] = Domain.Residents.ResidentId.FromBody(9_999_999_999L);
        lines[index] = string.Join(',', f);
        var path = Path.Combine(Path.GetDirectoryName(files.Changes1)!, "ghost.csv");
        await File.WriteAllTextAsync(path, string.Join('\n', lines) + "\n", Ct);
        var (store, _) = await ImportedAsync();
        await using var _s = store;
        var e = await Assert.ThrowsAsync<ImportRejectedException>(() => store.ImportChangesAsync(Clerk, path, files.City, FileEncoding.Auto, Ct));
        Assert.Contains(e.Errors, x => x.Line == index + 1 && x.Column == "resident_id" && x.Problem.Contains("does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Voter_find_folds_kana_forms_and_variant_kanji()
    {
        var (store, _) = await ImportedAsync();
        await using var _s = store;
        var yamada = files.Rows.First(r => r.Surname == "山田");
        foreach (var kana in new[] { yamada.SurnameKana + yamada.GivenNameKana, Hiragana(yamada.SurnameKana + " " + yamada.GivenNameKana), HalfWidth(yamada.SurnameKana + yamada.GivenNameKana) })
        {
            var found = await store.FindVotersAsync(Clerk with { Purpose = "inquiry:t" }, new VoterQuery(kana, null, yamada.BirthDate), Ct);
            Assert.Contains(found, v => v.Name.StartsWith("山田", StringComparison.Ordinal) && v.BirthDate == yamada.BirthDate);
        }

        foreach (var (variant, plain) in new[] { ("髙橋", "高橋"), ("齋藤", "斎藤") })
        {
            var person = files.Rows.First(r => r.Surname == variant);
            var found = await store.FindVotersAsync(Clerk with { Purpose = "inquiry:t" }, new VoterQuery(null, plain + person.GivenName, null), Ct);
            Assert.Contains(found, v => v.Name == person.Surname + "　" + person.GivenName);
        }

        var audit = await store.ReadAuditAsync(Ct);
        Assert.Contains(audit, a => a.Action == "voter.show" && a.Purpose == "inquiry:t" && a.ResultCount > 0);
        Assert.Contains(audit, a => a.Action == "person.search.kana_birth" && a.Purpose == "inquiry:t");
    }

    [Fact]
    public async Task Registration_numbers_each_district_in_town_household_birth_order_and_the_extract_follows_it()
    {
        var (store, _) = await ImportedAsync();
        await using var _s = store;
        var run = await store.RegisterPeriodicAsync(Clerk, new DateOnly(2026, 12, 1), [], Ct);
        var expected = files.Rows.Where(r => RegistrationEligibility.Evaluate(SenkyoStore.HistoryFromFile(r.BirthDate, r.Nationality == "JPN", r.ResidentSince), new DateOnly(2026, 12, 1)).Eligible).ToList();
        Assert.Equal(expected.Count, run.Registered);

        var district = files.City.VotingDistricts[3].Code;
        using var writer = new StringWriter();
        var n = await store.ExtractAsync(Clerk with { Purpose = "extract:test" }, district, writer, Ct);
        var inDistrict = expected.Where(r => files.City.DistrictOfTown(r.TownCode)!.Code == district)
            .OrderBy(r => r.TownCode, StringComparer.Ordinal).ThenBy(r => r.HouseholdId, StringComparer.Ordinal).ThenBy(r => r.BirthDate).ThenBy(r => r.ResidentId, StringComparer.Ordinal).ToList();
        Assert.Equal(inDistrict.Count, n);
        var rows = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(Enumerable.Range(1, inDistrict.Count).Select(i => i.ToString(CultureInfo.InvariantCulture)), rows.Select(r => r[0]));
        Assert.Equal(inDistrict.Select(r => (r.Surname, r.GivenName, r.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))), rows.Select(r => (r[1], r[2], r[6])));
        Assert.Contains(await store.ReadAuditAsync(Ct), a => a.Action == "register.extract" && a.ResultCount == n);

        var stats = await store.StatsAsync(Clerk with { Purpose = "report:pref" }, new DateOnly(2026, 12, 1), Ct);
        Assert.Equal(expected.Count, stats.Cells.Sum(c => c.Electors));
        Assert.Equal(inDistrict.Count, stats.Cells.Where(c => c.District == district).Sum(c => c.Electors));
    }

    private static string FlipCheckDigit(string id) => id[..10] + (char)('0' + ((id[10] - '0' + 1) % 10));

    private static string Hiragana(string katakana) => new([.. katakana.Select(c => c is >= 'ァ' and <= 'ヶ' ? (char)(c - 0x60) : c)]);

    private static string HalfWidth(string katakana) => katakana.Normalize(System.Text.NormalizationForm.FormKC) == katakana
        ? string.Concat(katakana.Select(c => HalfWidthMap.TryGetValue(c, out var h) ? h : c.ToString()))
        : katakana;

    private static readonly Dictionary<char, string> HalfWidthMap = BuildHalfWidth();

    private static Dictionary<char, string> BuildHalfWidth()
    {
        // Half-width forms U+FF66–U+FF9D and their full-width katakana (NFKC maps them back), with voiced marks split.
        var map = new Dictionary<char, string>();
        for (var h = '\uFF66'; h <= '\uFF9D'; h++)
        {
            var full = h.ToString().Normalize(System.Text.NormalizationForm.FormKC)[0];
            map.TryAdd(full, h.ToString());
            var voiced = (full.ToString() + "\u3099").Normalize(System.Text.NormalizationForm.FormC);
            if (voiced.Length == 1)
            {
                map.TryAdd(voiced[0], h + "\uFF9E");
            }

            var semi = (full.ToString() + "\u309A").Normalize(System.Text.NormalizationForm.FormC);
            if (semi.Length == 1)
            {
                map.TryAdd(semi[0], h + "\uFF9F");
            }
        }

        map['ー'] = "\uFF70";
        return map;
    }

    public void Dispose()
    {
        target.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteRegisterTests(RegisterFiles files) : RegisterContract(new SqliteTarget(), files), IClassFixture<RegisterFiles>;

public sealed class PostgresRegisterTests(PostgresServer server, RegisterFiles files) : RegisterContract(new PostgresTarget(server), files), IClassFixture<RegisterFiles>;

namespace Senkyo.Storage.Tests;

/// <summary>苗字のみの検索: surname blind indexes, their look-up through voter find, and their back-fill on an older store.</summary>
public abstract partial class StoreContract
{
    private static readonly DateOnly TaroBirth = new(1970, 4, 1);
    private static readonly DateOnly HanakoBirth = new(1975, 9, 10);

    /// <summary>Synthetic people, four of them renamed to the placeholder names of Japanese forms and to variant-kanji surnames.</summary>
    private static (List<NewPerson> People, int Taro, int Hanako, int Takahashi, int Saito) NamedPeople()
    {
        var people = People.NewPeople(200, seed: 3);
        NewPerson Rename(int i, string surname, string given, string surnameKana, string givenKana, DateOnly? birth = null) =>
            people[i] with { Identity = people[i].Identity with { Surname = surname, GivenName = given, SurnameKana = surnameKana, GivenNameKana = givenKana, BirthDate = birth ?? people[i].Identity.BirthDate } };
        people[10] = Rename(10, "山田", "太郎", "ヤマダ", "タロウ", TaroBirth);
        people[20] = Rename(20, "山田", "花子", "ヤマダ", "ハナコ", HanakoBirth);
        people[30] = Rename(30, "髙橋", people[30].Identity.GivenName, "タカハシ", people[30].Identity.GivenNameKana);
        people[40] = Rename(40, "齋藤", people[40].Identity.GivenName, "サイトウ", people[40].Identity.GivenNameKana);
        return (people, 11, 21, 31, 41);
    }

    private static async Task<List<long>> FindIdsAsync(SenkyoStore store, string? kana, string? name, DateOnly? birth) =>
        [.. (await store.FindVotersAsync(People.Clerk with { Purpose = "inquiry:surname" }, new VoterQuery(kana, name, birth), Ct)).Select(v => v.Id)];

    [Theory]
    [InlineData("ヤマダ")]
    [InlineData("やまだ")]
    [InlineData("\uFF94\uFF8F\uFF80\uFF9E")] // ﾔﾏﾀﾞ
    [InlineData("山田")]
    public async Task A_surname_alone_finds_everyone_of_that_surname_and_is_audited(string surname)
    {
        var (store, _, _) = await NewStoreAsync();
        await using (store)
        {
            var (people, taro, hanako, _, _) = NamedPeople();
            await store.AddPeopleAsync(People.Clerk, people, null, Ct);
            var kana = surname != "山田";
            var found = await store.FindVotersAsync(People.Clerk with { Purpose = "inquiry:surname" }, new VoterQuery(kana ? surname : null, kana ? null : surname, null), Ct);

            Assert.Contains(found, v => v.Id == taro && v.Name == "山田　太郎" && v.Kana == "ヤマダ　タロウ");
            Assert.Contains(found, v => v.Id == hanako && v.Name == "山田　花子");
            Assert.All(found, v => Assert.StartsWith(kana ? "ヤマダ　" : "山田　", kana ? v.Kana : v.Name, StringComparison.Ordinal));
            Assert.Equal(people.Count(p => p.Identity.Surname == "山田"), found.Count);

            var audit = await store.ReadAuditAsync(Ct);
            var (search, show) = (audit[^2], audit[^1]);
            Assert.Equal(kana ? "person.search.kana+kana_surname" : "person.search.kanji+kanji_surname", search.Action);
            Assert.Equal(("voter.show", (long?)found.Count, "inquiry:surname"), (show.Action, show.ResultCount, show.Purpose));
            Assert.Equal(found.Count, search.ResultCount);
        }
    }

    [Fact]
    public async Task Variant_kanji_surnames_fold_and_a_full_name_still_finds_one_person()
    {
        var (store, _, _) = await NewStoreAsync();
        await using (store)
        {
            var (people, taro, hanako, takahashi, saito) = NamedPeople();
            await store.AddPeopleAsync(People.Clerk, people, null, Ct);
            Assert.Contains(takahashi, await FindIdsAsync(store, null, "高橋", null));
            Assert.Contains(saito, await FindIdsAsync(store, null, "斎藤", null));
            Assert.Contains(takahashi, await FindIdsAsync(store, null, "髙橋", null));

            // A full name with or without the space; a wrongly placed space finds nobody.
            Assert.Equal([taro], await FindIdsAsync(store, "ヤマダタロウ", null, null));
            Assert.Equal([taro], await FindIdsAsync(store, "やまだ　たろう", null, null));
            Assert.Equal([hanako], await FindIdsAsync(store, null, "山田 花子", null));
            Assert.Empty(await FindIdsAsync(store, "ヤマ ダタロウ", null, null));
            Assert.Equal("person.search.kana", (await store.ReadAuditAsync(Ct))[^2].Action);
        }
    }

    [Fact]
    public async Task Surname_and_birth_date_narrow_to_one()
    {
        var (store, _, _) = await NewStoreAsync();
        await using (store)
        {
            var (people, taro, hanako, _, _) = NamedPeople();
            await store.AddPeopleAsync(People.Clerk, people, null, Ct);
            Assert.Equal([taro], await FindIdsAsync(store, "ヤマダ", null, TaroBirth));
            Assert.Equal([hanako], await FindIdsAsync(store, "ﾔﾏﾀﾞ", null, HanakoBirth));
            Assert.Equal([hanako], await FindIdsAsync(store, null, "山田", HanakoBirth));
            Assert.Equal([taro], await FindIdsAsync(store, "ヤマダ タロウ", "山田", TaroBirth));
            Assert.Empty(await FindIdsAsync(store, "ヤマダ", "山田", new DateOnly(1970, 4, 2)));
            Assert.Equal("person.search.kana_birth+birth*kana_surname", (await store.ReadAuditAsync(Ct))[^2].Action);

            // A full name typed without a space, with the date; kanji names with the date, split or not.
            Assert.Equal([taro], await FindIdsAsync(store, "ヤマダタロウ", null, TaroBirth));
            Assert.Empty(await FindIdsAsync(store, "ヤマダタロウ", null, HanakoBirth));
            Assert.Equal([taro], await FindIdsAsync(store, null, "山田太郎", TaroBirth));
            Assert.Equal("person.search.birth*kanji+birth*kanji_surname", (await store.ReadAuditAsync(Ct))[^2].Action);
            Assert.Equal([taro], await FindIdsAsync(store, null, "山田 太郎", TaroBirth));
            Assert.Empty(await FindIdsAsync(store, null, "山田 太郎", HanakoBirth));
            Assert.Equal("person.search.birth*kanji", (await store.ReadAuditAsync(Ct))[^2].Action);

            // Outside the clerk's ward scope nothing is found, and the search is still recorded.
            var otherWard = people.Select(p => p.WardCode).Distinct().First(w => w != people[10].WardCode);
            var outsider = new AccessContext("clerk07", "registrar", otherWard, "inquiry");
            Assert.DoesNotContain(taro, (await store.FindVotersAsync(outsider, new VoterQuery("ヤマダ", null, null), Ct)).Select(v => v.Id));
        }
    }

    [Fact]
    public async Task A_store_made_before_surname_indexes_gets_keys_and_back_filled_rows_at_open()
    {
        var (store, location, key) = await NewStoreAsync();
        var (people, taro, hanako, _, _) = NamedPeople();
        await using (store)
        {
            await store.AddPeopleAsync(People.Clerk, people, null, Ct);
        }

        // Put the store back to schema 2: no surname columns or indexes, no surname keys, no overseas table (and none of
        // the later schemas either).
        await Target.ExecuteRawAsync(location,
            "DROP INDEX audit_event_time; DELETE FROM schema_version WHERE version > 3; " +
            "DROP INDEX person_bidx_birth; CREATE INDEX person_bidx_birth ON person (bidx_birth); DROP INDEX person_bidx_kana_surname; DROP INDEX person_bidx_kanji_surname; DROP INDEX person_surname_pending; " +
            "ALTER TABLE person DROP COLUMN bidx_kana_surname; ALTER TABLE person DROP COLUMN bidx_kanji_surname; DROP TABLE overseas_elector; " +
            "DELETE FROM schema_version WHERE version = 3; DELETE FROM data_key WHERE purpose IN ('bidx.kana_surname', 'bidx.kanji_surname')", Ct);

        await using (var reopened = await SenkyoStore.OpenAsync(location, key, null, Ct))
        {
            var audit = await reopened.ReadAuditAsync(Ct);
            // Schema 5 rebuilt the SQLite table around its rows (resident_ref's uniqueness became a named index).
            Assert.Equal(people.Count, await reopened.CountPeopleAsync(Ct));
            Assert.Contains(audit, a => a is { Action: "key.create", Actor: "senkyo", Purpose: "schema.upgrade", ResultCount: 2 });
            var reindex = audit.Where(a => a.Action == "person.reindex").ToList();
            Assert.Equal(people.Count, reindex.Sum(a => a.ResultCount));
            Assert.Equal(0, await Target.ExecuteRawAsync(location, "UPDATE person SET status = status WHERE bidx_kana_surname IS NULL OR bidx_kanji_surname IS NULL", Ct));
            Assert.Contains(taro, (await reopened.FindVotersAsync(People.Clerk, new VoterQuery("やまだ", null, null), Ct)).Select(v => v.Id));
            Assert.Contains(hanako, (await reopened.FindVotersAsync(People.Clerk, new VoterQuery(null, "山田", null), Ct)).Select(v => v.Id));
        }

        // The next open finds nothing left to do and writes nothing.
        int events;
        await using (var again = await SenkyoStore.OpenAsync(location, key, null, Ct))
        {
            events = (await again.ReadAuditAsync(Ct)).Count;
        }

        await using var third = await SenkyoStore.OpenAsync(location, key, null, Ct);
        Assert.Equal(events, (await third.ReadAuditAsync(Ct)).Count);
        Assert.True((await third.VerifyAuditAsync([], Ct)).IsIntact);
    }

    [Fact]
    public async Task Data_key_rotation_re_indexes_surnames_and_old_rows_stay_findable()
    {
        var (store, _, _) = await NewStoreAsync();
        await using (store)
        {
            var (people, taro, _, _, _) = NamedPeople();
            await store.AddPeopleAsync(People.Clerk, people, null, Ct);
            var result = await store.RotateDataKeysAsync(People.Clerk, 64, null, Ct);
            Assert.Equal((people.Count, 0L), (result.Done, result.Remaining));
            Assert.Contains(taro, await FindIdsAsync(store, "ヤマダ", null, null));
            var id = await store.AddPersonAsync(People.Clerk, People.NewPeople(201, seed: 3)[200] with { Identity = people[10].Identity with { GivenName = "次郎", GivenNameKana = "ジロウ" } }, Ct);
            Assert.Contains(id, await FindIdsAsync(store, "ヤマダ", null, null));
            Assert.Contains(taro, await FindIdsAsync(store, "ヤマダ", null, null));
        }
    }
}

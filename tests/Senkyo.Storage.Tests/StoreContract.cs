using Senkyo.Privacy.Audit;
using Senkyo.Privacy.Encryption;
using Senkyo.Privacy.Keys;

namespace Senkyo.Storage.Tests;

/// <summary>The storage test suite, run unchanged against every engine.</summary>
public abstract partial class StoreContract(StoreTarget target) : IDisposable
{
    protected StoreTarget Target => target;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected async Task<(SenkyoStore Store, StoreLocation Location, MasterKey Key)> NewStoreAsync(StoreKind kind = StoreKind.Synthetic, StoreOptions? options = null)
    {
        var location = await target.NewLocationAsync(Ct);
        var key = MasterKey.Generate();
        var store = await SenkyoStore.CreateAsync(location, key, kind, People.Clerk, options, Ct);
        return (store, location, key);
    }

    [Fact]
    public async Task Stored_person_reads_back_and_the_read_is_audited()
    {
        var (store, location, key) = await NewStoreAsync();
        var input = People.NewPeople(3)[2];
        long id;
        await using (store)
        {
            id = await store.AddPersonAsync(People.Clerk, input, Ct);
        }

        await using var reopened = await SenkyoStore.OpenAsync(location, key, null, Ct);
        var read = await reopened.ReadPersonAsync(People.Clerk, id, Ct);
        Assert.Equal(input.Identity, read.Identity);
        Assert.Equal(input.ResidentId, read.ResidentId);
        Assert.Equal(input.WardCode, read.WardCode);
        Assert.Equal(input.ResidentSince, read.ResidentSince);
        var last = (await reopened.ReadAuditAsync(Ct))[^1];
        Assert.Equal(("person.read", id.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditOutcome.Success, "clerk01"), (last.Action, last.Subjects, last.Outcome, last.Actor));
    }

    /// <summary>
    /// The audit append stores each column as the chain hashes it, on every engine (SQLite binds natively): every code
    /// character the audit allows, a missing result count, a long subject list, and positions in order; the chain
    /// verifies after it.
    /// </summary>
    [Fact]
    public async Task Audit_events_read_back_exactly_as_appended()
    {
        var (store, _, _) = await NewStoreAsync();
        await using var _ = store;
        var who = new AccessContext("staff:yamada@ku-140", "RegisterClerk", "140,141", "inquiry:R8-0042/phone+mail*_.");
        var many = SubjectSet.Of(Enumerable.Range(0, 3_000).Select(i => 1L + (i * 3L)));
        var before = (await store.ReadAuditAsync(Ct)).Count;
        var first = await store.RecordAsync(who, "person.read", many, AuditOutcome.Success, null, Ct);
        var second = await store.RecordAsync(who, "auth.signin", SubjectSet.Empty, AuditOutcome.Denied, 0, Ct);
        var log = await store.ReadAuditAsync(Ct);
        Assert.Equal((before, before + 1L, before + 2), (first, second, log.Count));
        var (a, b) = (log[^2], log[^1]);
        Assert.Equal((first, "staff:yamada@ku-140", "RegisterClerk", "140,141", "inquiry:R8-0042/phone+mail*_.", "person.read", many.ToString(), AuditOutcome.Success, (long?)null),
            (a.Seq, a.Actor, a.Role, a.WardScope, a.Purpose, a.Action, a.Subjects, a.Outcome, a.ResultCount));
        Assert.Equal((second, "auth.signin", "", AuditOutcome.Denied, (long?)0), (b.Seq, b.Action, b.Subjects, b.Outcome, b.ResultCount));
        Assert.Equal(a.LeafHash, b.PrevHash);
        Assert.True((await store.VerifyAuditAsync([], Ct)).IsIntact);
    }

    [Fact]
    public async Task Wrong_master_key_opens_nothing_and_says_which_key_is_expected()
    {
        var (store, location, key) = await NewStoreAsync();
        await store.DisposeAsync();
        using var wrong = MasterKey.Generate();
        var e = await Assert.ThrowsAsync<KeyAccessException>(() => SenkyoStore.OpenAsync(location, wrong, null, Ct));
        Assert.Contains(key.Id, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_is_never_initialised_twice()
    {
        var (store, location, _) = await NewStoreAsync();
        await store.DisposeAsync();
        using var other = MasterKey.Generate();
        await Assert.ThrowsAsync<StoreRefusedException>(() => SenkyoStore.CreateAsync(location, other, StoreKind.Synthetic, People.Clerk, null, Ct));
    }

    [Fact]
    public async Task Synthetic_and_production_data_never_mix()
    {
        var (synthetic, _, _) = await NewStoreAsync(StoreKind.Synthetic);
        var (production, _, _) = await NewStoreAsync(StoreKind.Production);
        await using (synthetic)
        await using (production)
        {
            var people = People.NewPeople(5);
            var e = await Assert.ThrowsAsync<StoreRefusedException>(() => production.AddPeopleAsync(People.Clerk, people, null, Ct));
            Assert.Contains("Record 1", e.Message, StringComparison.Ordinal);
            Assert.Equal(0, await production.CountPeopleAsync(Ct));
            var mixed = people.Take(3).Append(people[3] with { Origin = StoreKind.Production }).ToList();
            await Assert.ThrowsAsync<StoreRefusedException>(() => synthetic.AddPeopleAsync(People.Clerk, mixed, null, Ct));
            Assert.Equal(0, await synthetic.CountPeopleAsync(Ct));
        }
    }

    [Fact]
    public async Task Bulk_insert_is_one_audited_transaction_and_every_index_finds_its_person()
    {
        var (store, location, _) = await NewStoreAsync(options: new StoreOptions { BulkBatchSize = 128 });
        await using (store)
        {
            var people = People.NewPeople(600);
            var result = await store.AddPeopleAsync(People.Clerk, people, null, Ct);
            Assert.Equal((600L, 1L, 600L), (result.Count, result.FirstId, result.LastId));
            var audit = await store.ReadAuditAsync(Ct);
            Assert.Equal("person.import", audit[^1].Action);
            Assert.Equal("1-600", audit[^1].Subjects);
            Assert.Equal(600, audit[^1].ResultCount);

            foreach (var i in (int[])[0, 17, 599])
            {
                var p = people[i].Identity;
                var id = i + 1;
                Assert.Contains(id, (await store.FindPeopleAsync(People.Clerk, PersonQuery.ByKanaAndBirth(p.SurnameKana + " " + p.GivenNameKana, p.BirthDate), Ct)).Select(r => r.Id));
                Assert.Contains(id, (await store.FindPeopleAsync(People.Clerk, PersonQuery.ByKanaName(p.KanaName), Ct)).Select(r => r.Id));
                // The domain's search-key normalization: hiragana and half-width input find the katakana record.
                var hiragana = new string([.. p.KanaName.Select(c => c is >= '\u30A1' and <= '\u30F6' ? (char)(c - 0x60) : c)]);
                Assert.Contains(id, (await store.FindPeopleAsync(People.Clerk, PersonQuery.ByKanaAndBirth(hiragana, p.BirthDate), Ct)).Select(r => r.Id));
                Assert.Contains(id, (await store.FindPeopleAsync(People.Clerk, PersonQuery.ByKanjiName(p.Surname + "　" + p.GivenName), Ct)).Select(r => r.Id));
                var byBirth = await store.FindPeopleAsync(People.Clerk, PersonQuery.ByBirthDate(p.BirthDate), Ct);
                Assert.Contains(id, byBirth.Select(r => r.Id));
                Assert.All(byBirth, r => Assert.Equal(p.BirthDate, r.Identity.BirthDate));
                var search = (await store.ReadAuditAsync(Ct))[^1];
                Assert.Equal(("person.search.birth", (long?)byBirth.Count), (search.Action, search.ResultCount));
                Assert.Equal(id, await store.FindIdByResidentIdAsync(People.Clerk, people[i].ResidentId, Ct));
            }
        }

        // Indexes deferred during the load into an empty table were rebuilt (dropping fails if one is missing).
        await Target.ExecuteRawAsync(location, "DROP INDEX person_bidx_kana; DROP INDEX person_bidx_kanji; DROP INDEX person_bidx_birth; DROP INDEX person_bidx_kana_birth; DROP INDEX person_register; DROP INDEX person_resident_ref", Ct);
    }

    [Fact]
    public async Task A_bulk_load_into_a_table_with_rows_keeps_its_indexes_and_finds_both_loads()
    {
        var (store, location, _) = await NewStoreAsync(options: new StoreOptions { BulkBatchSize = 64 });
        await using (store)
        {
            var before = await RegisterFiles.PersonIndexesAsync(location, Ct);
            var people = People.NewPeople(300);
            await store.AddPeopleAsync(People.Clerk, people.Take(200), null, Ct);
            Assert.Equal(before, await RegisterFiles.PersonIndexesAsync(location, Ct));

            var second = await store.AddPeopleAsync(People.Clerk, people.Skip(200), null, Ct);

            Assert.Equal((100L, 201L, 300L), (second.Count, second.FirstId, second.LastId));
            Assert.Equal(before, await RegisterFiles.PersonIndexesAsync(location, Ct));
            foreach (var i in (int[])[0, 199, 200, 299])
            {
                var p = people[i].Identity;
                Assert.Contains(i + 1L, (await store.FindPeopleAsync(People.Clerk, PersonQuery.ByKanaAndBirth(p.KanaName, p.BirthDate), Ct)).Select(r => r.Id));
                Assert.Equal(i + 1L, await store.FindIdByResidentIdAsync(People.Clerk, people[i].ResidentId, Ct));
            }
        }
    }

    [Fact]
    public async Task A_bulk_load_with_a_resident_number_twice_is_refused_and_leaves_the_table_and_its_indexes_as_before()
    {
        var (store, location, _) = await NewStoreAsync(options: new StoreOptions { BulkBatchSize = 64 });
        await using (store)
        {
            var before = await RegisterFiles.PersonIndexesAsync(location, Ct);
            var people = People.NewPeople(300);
            people[250] = people[250] with { ResidentId = people[3].ResidentId };

            var e = await Assert.ThrowsAsync<StoreRefusedException>(() => store.AddPeopleAsync(People.Clerk, people, null, Ct));

            Assert.Contains("same resident number", e.Message, StringComparison.Ordinal);
            Assert.Equal(0, await store.CountPeopleAsync(Ct));
            Assert.Equal(before, await RegisterFiles.PersonIndexesAsync(location, Ct));
            // A clean load afterwards (deferring the indexes again) succeeds.
            people[250] = People.NewPeople(300)[250];
            Assert.Equal(300, (await store.AddPeopleAsync(People.Clerk, people, null, Ct)).Count);
            Assert.Equal(before, await RegisterFiles.PersonIndexesAsync(location, Ct));
        }
    }

    [Fact]
    public async Task Searches_and_reads_are_limited_to_the_ward_scope_and_refusals_are_audited()
    {
        var (store, _, _) = await NewStoreAsync();
        await using (store)
        {
            var people = People.NewPeople(300);
            await store.AddPeopleAsync(People.Clerk, people, null, Ct);
            var target = people.Select((p, i) => (p, Id: i + 1L)).First();
            var otherWard = people.Select(p => p.WardCode).First(w => w != target.p.WardCode);
            var outsider = new AccessContext("clerk07", "registrar", otherWard, "inquiry");
            var e = await Assert.ThrowsAsync<StoreRefusedException>(() => store.ReadPersonAsync(outsider, target.Id, Ct));
            Assert.DoesNotContain(target.p.Identity.Surname, e.Message, StringComparison.Ordinal);
            var denied = (await store.ReadAuditAsync(Ct))[^1];
            Assert.Equal((AuditOutcome.Denied, "clerk07"), (denied.Outcome, denied.Actor));
            var found = await store.FindPeopleAsync(outsider, PersonQuery.ByKanaAndBirth(target.p.Identity.KanaName, target.p.Identity.BirthDate), Ct);
            Assert.DoesNotContain(target.Id, found.Select(f => f.Id));
        }
    }

    [Fact]
    public async Task A_read_is_not_served_when_its_audit_event_cannot_be_written()
    {
        var (store, location, _) = await NewStoreAsync();
        await using (store)
        {
            var id = await store.AddPersonAsync(People.Clerk, People.NewPeople(1)[0], Ct);
            var before = (await store.ReadAuditAsync(Ct)).Count;
            await Target.ExecuteRawAsync(location, Target.BlockAuditInsertsSql, Ct);
            await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => store.ReadPersonAsync(People.Clerk, id, Ct));
            await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => store.FindPeopleAsync(People.Clerk, PersonQuery.ByBirthDate(new DateOnly(1980, 1, 1)), Ct));
            await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => store.AddPersonAsync(People.Clerk, People.NewPeople(2)[1], Ct));
            Assert.Equal(1, await store.CountPeopleAsync(Ct));
            Assert.Equal(before, (await store.ReadAuditAsync(Ct)).Count);
        }
    }

    [Fact]
    public async Task Updates_reindex_and_are_audited()
    {
        var (store, _, _) = await NewStoreAsync();
        await using (store)
        {
            var people = People.NewPeople(2);
            var id = await store.AddPersonAsync(People.Clerk, people[0], Ct);
            var moved = people[0].Identity with { SurnameKana = people[1].Identity.SurnameKana, Surname = people[1].Identity.Surname, Address = people[1].Identity.Address };
            await store.UpdateIdentityAsync(People.Clerk, id, moved, Ct);
            Assert.Equal(moved, (await store.ReadPersonAsync(People.Clerk, id, Ct)).Identity);
            if (people[0].Identity.KanaName != moved.KanaName)
            {
                var byOldName = await store.FindPeopleAsync(People.Clerk, PersonQuery.ByKanaAndBirth(people[0].Identity.KanaName, people[0].Identity.BirthDate), Ct);
                Assert.DoesNotContain(id, byOldName.Select(r => r.Id));
            }

            Assert.Single(await store.FindPeopleAsync(People.Clerk, PersonQuery.ByKanaAndBirth(moved.KanaName, moved.BirthDate), Ct), r => r.Id == id);
            Assert.Contains(await store.ReadAuditAsync(Ct), r => r.Action == "person.update" && r.Subjects == $"{id}");
        }
    }

    [Fact]
    public async Task Health_data_has_its_own_key_and_its_own_audited_read()
    {
        var (store, location, _) = await NewStoreAsync();
        await using (store)
        {
            var id = await store.AddPersonAsync(People.Clerk, People.NewPeople(1)[0], Ct);
            Assert.Null(await store.ReadHealthAsync(People.Clerk, id, Ct));
            var health = new PersonHealth("身体障害者手帳 1級 両下肢", "要介護5", null);
            await store.UpdateHealthAsync(People.Clerk, id, health, Ct);
            Assert.Equal(health, await store.ReadHealthAsync(People.Clerk, id, Ct));
            Assert.True((await store.ReadPersonAsync(People.Clerk, id, Ct)).HasHealth);
            var actions = (await store.ReadAuditAsync(Ct)).Select(a => a.Action).ToList();
            Assert.Contains("person.health.update", actions);
            Assert.Contains("person.health.read", actions);
            // Copying the health ciphertext into the identity column does not decrypt: other key, other group.
            await Target.ExecuteRawAsync(location, $"UPDATE person SET identity = health WHERE id = {id}", Ct);
            await Assert.ThrowsAsync<TamperedDataException>(() => store.ReadPersonAsync(People.Clerk, id, Ct));
        }
    }

    [Fact]
    public async Task Ciphertext_moved_between_rows_fails_and_the_failure_is_audited()
    {
        var (store, location, _) = await NewStoreAsync();
        await using (store)
        {
            await store.AddPeopleAsync(People.Clerk, People.NewPeople(3), null, Ct);
            await Target.ExecuteRawAsync(location, "UPDATE person SET identity = (SELECT identity FROM person WHERE id = 1) WHERE id = 2", Ct);
            var e = await Assert.ThrowsAsync<TamperedDataException>(() => store.ReadPersonAsync(People.Clerk, 2, Ct));
            Assert.Contains("row 2", e.Message, StringComparison.Ordinal);
            var last = (await store.ReadAuditAsync(Ct))[^1];
            Assert.Equal(("person.read", AuditOutcome.Failed), (last.Action, last.Outcome));
            Assert.Equal(3, (await store.ReadPersonAsync(People.Clerk, 3, Ct)).Id);
        }
    }

    [Fact]
    public async Task Nonce_use_is_counted_in_the_key_table()
    {
        var (store, location, key) = await NewStoreAsync();
        await using (store)
        {
            await store.AddPeopleAsync(People.Clerk, People.NewPeople(50), null, Ct);
        }

        // A bound of 60 leaves room for ten more encryptions under this identity key, then refuses.
        await using var reopened = await SenkyoStore.OpenAsync(location, key, new StoreOptions { KeyRing = new KeyRingOptions { MaxEncryptionsPerKey = 60 } }, Ct);
        await reopened.AddPeopleAsync(People.Clerk, People.NewPeople(60).Skip(50), null, Ct);
        await Assert.ThrowsAsync<KeyAccessException>(() => reopened.AddPersonAsync(People.Clerk, People.NewPeople(61)[60], Ct));
        Assert.Equal(60, await reopened.CountPeopleAsync(Ct));
    }

    [Fact]
    public async Task Migrations_are_versioned_and_applied_once()
    {
        var (store, location, key) = await NewStoreAsync();
        await store.DisposeAsync();
        await using var again = await SenkyoStore.OpenAsync(location, key, null, Ct);
        // A second migration run found nothing to do: the version table holds each embedded script once.
        var folder = $"Senkyo.Storage.Migrations.{(Target.Engine == EngineKind.Sqlite ? "sqlite" : "postgres")}/";
        var scripts = typeof(SenkyoStore).Assembly.GetManifestResourceNames().Count(n => n.StartsWith(folder, StringComparison.Ordinal));
        Assert.True(scripts >= 2, $"expected the numbered scripts under {folder}");
        for (var version = 1; version <= scripts; version++)
        {
            Assert.Equal(1, await Target.ExecuteRawAsync(location, $"UPDATE schema_version SET name = name WHERE version = {version}", Ct));
        }

        Assert.Equal(scripts, await Target.ExecuteRawAsync(location, "UPDATE schema_version SET name = name", Ct));
    }

    [Fact]
    public async Task The_audit_trail_is_indexed_by_time_for_the_monitor_replay_and_period_filters()
    {
        var (store, location, _) = await NewStoreAsync();
        await store.DisposeAsync();
        // Dropping it fails when the migration did not create it.
        await Target.ExecuteRawAsync(location, "DROP INDEX audit_event_time", Ct);
    }

    public void Dispose()
    {
        target.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteStoreTests() : StoreContract(new SqliteTarget());

public sealed class PostgresStoreTests(PostgresServer server) : StoreContract(new PostgresTarget(server));

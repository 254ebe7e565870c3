using Senkyo.Privacy.Audit;
using Senkyo.Privacy.Keys;

namespace Senkyo.Storage.Tests;

public abstract partial class StoreContract
{
    private async Task<(SenkyoStore Store, StoreLocation Location, MasterKey Key)> StoreWithEventsAsync(int events)
    {
        var (store, location, key) = await NewStoreAsync();
        for (var i = 0; i < events; i++)
        {
            await store.RecordAsync(new AccessContext($"user{i % 4}", "clerk", "*", "signin"), "auth.signin", SubjectSet.Empty, AuditOutcome.Success, null, Ct);
        }

        return (store, location, key);
    }

    [Fact]
    public async Task Intact_log_verifies_and_every_event_has_a_valid_inclusion_proof()
    {
        var (store, _, _) = await StoreWithEventsAsync(20);
        await using (store)
        {
            var cp = await store.CheckpointAsync(People.Clerk, Ct);
            Assert.True(cp.SignatureIsValid());
            Assert.Equal(22, cp.Size);
            var v = await store.VerifyAuditAsync([cp], Ct);
            Assert.True(v.IsIntact, v.Problem);
            for (var seq = 0; seq < v.Size; seq++)
            {
                var proof = await store.ProveAsync(seq, Ct);
                Assert.True(proof.Verified);
                Assert.True(MerkleTree.VerifyInclusion(seq, proof.TreeSize, proof.LeafHash, proof.Path, proof.Root));
            }
        }
    }

    [Theory]
    [InlineData("UPDATE audit_event SET actor = 'userX' WHERE seq = 7", 7)]
    [InlineData("UPDATE audit_event SET at_us = at_us + 1 WHERE seq = 3", 3)]
    [InlineData("UPDATE audit_event SET outcome = 2 WHERE seq = 12", 12)]
    [InlineData("UPDATE audit_event SET subjects = '1' WHERE seq = 15", 15)]
    [InlineData("DELETE FROM audit_event WHERE seq = 9", 9)]
    [InlineData("UPDATE audit_event SET seq = seq + 100 WHERE seq IN (5, 6); UPDATE audit_event SET seq = 11 - (seq - 100) WHERE seq IN (105, 106)", 5)]
    [InlineData("DELETE FROM audit_event WHERE seq >= 18", 18)]
    public async Task Verify_names_the_first_tampered_position(string sql, long position)
    {
        var (store, location, _) = await StoreWithEventsAsync(20);
        await using (store)
        {
            await Target.ExecuteRawAsync(location, sql, Ct);
            var v = await store.VerifyAuditAsync([], Ct);
            Assert.False(v.IsIntact);
            Assert.Equal(position, v.FirstBadPosition);
        }
    }

    [Fact]
    public async Task A_flipped_byte_in_any_stored_hash_is_detected()
    {
        var (store, location, _) = await StoreWithEventsAsync(10);
        await using (store)
        {
            var records = await store.ReadAuditAsync(Ct);
            var target = records[4];
            var flipped = (byte[])target.PrevHash.Clone();
            flipped[13] ^= 0x04;
            var hex = Convert.ToHexString(flipped);
            var literal = Target.Engine == EngineKind.Sqlite ? $"X'{hex}'" : $"'\\x{hex}'::bytea";
            await Target.ExecuteRawAsync(location, $"UPDATE audit_event SET prev_hash = {literal} WHERE seq = 4", Ct);
            Assert.Equal(4, (await store.VerifyAuditAsync([], Ct)).FirstBadPosition);
        }
    }

    [Fact]
    public async Task Inserted_event_is_detected()
    {
        var (store, location, _) = await StoreWithEventsAsync(10);
        await using (store)
        {
            // Shift events 6.. up by one and put a forged event at position 6 that claims event 5 as its predecessor,
            // as someone with database access could: its stored leaf hash cannot be right for its own content.
            await Target.ExecuteRawAsync(location, "UPDATE audit_event SET seq = seq + 1000 WHERE seq >= 6; UPDATE audit_event SET seq = seq - 999 WHERE seq >= 1000", Ct);
            await Target.ExecuteRawAsync(location, "INSERT INTO audit_event (seq, at_us, actor, role, ward_scope, purpose, action, subjects, outcome, result_count, prev_hash, leaf_hash) SELECT 6, at_us, 'forger', role, ward_scope, purpose, action, subjects, outcome, result_count, leaf_hash, leaf_hash FROM audit_event WHERE seq = 5", Ct);
            await Target.ExecuteRawAsync(location, "UPDATE audit_head SET size = size + 1", Ct);
            Assert.Equal(6, (await store.VerifyAuditAsync([], Ct)).FirstBadPosition);

            // Re-hashed so that it is a well-formed link, it breaks the next one: event 7 still names event 5.
            var forged = (await store.ReadAuditAsync(Ct))[6];
            await Target.ExecuteRawAsync(location, $"UPDATE audit_event SET leaf_hash = {Literal(forged.ComputeLeafHash())} WHERE seq = 6", Ct);
            Assert.Equal(7, (await store.VerifyAuditAsync([], Ct)).FirstBadPosition);
        }
    }

    [Fact]
    public async Task Two_events_never_take_one_position_of_the_chain()
    {
        var (store, location, _) = await StoreWithEventsAsync(3);
        await using (store)
        {
            var fork = await Record.ExceptionAsync(() => Target.ExecuteRawAsync(location, "INSERT INTO audit_event (seq, at_us, actor, role, ward_scope, purpose, action, subjects, outcome, result_count, prev_hash, leaf_hash) SELECT 3, at_us, 'forger', role, ward_scope, purpose, action, subjects, outcome, result_count, prev_hash, leaf_hash FROM audit_event WHERE seq = 3", Ct));
            Assert.IsAssignableFrom<System.Data.Common.DbException>(fork);
            Assert.True((await store.VerifyAuditAsync([], Ct)).IsIntact);
        }
    }

    [Fact]
    public async Task Schema_6_keeps_every_audit_event_when_it_drops_the_predecessor_index()
    {
        var (store, location, key) = await StoreWithEventsAsync(12);
        IReadOnlyList<AuditRecord> before;
        await using (store)
        {
            before = await store.ReadAuditAsync(Ct);
        }

        // Back to schema 5's audit table, with UNIQUE(prev_hash).
        await Target.ExecuteRawAsync(location, Target.Engine == EngineKind.Sqlite
            ? "CREATE TABLE audit_old (seq INTEGER PRIMARY KEY, at_us INTEGER NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL, ward_scope TEXT NOT NULL, purpose TEXT NOT NULL, action TEXT NOT NULL, subjects TEXT NOT NULL, outcome INTEGER NOT NULL, result_count INTEGER, prev_hash BLOB NOT NULL UNIQUE, leaf_hash BLOB NOT NULL) STRICT; " +
              "INSERT INTO audit_old SELECT * FROM audit_event; DROP TABLE audit_event; ALTER TABLE audit_old RENAME TO audit_event; CREATE INDEX audit_event_time ON audit_event (at_us); DELETE FROM schema_version WHERE version >= 6"
            : "ALTER TABLE audit_event ADD CONSTRAINT audit_event_prev_hash_key UNIQUE (prev_hash); DELETE FROM schema_version WHERE version >= 6", Ct);
        static string Repeat(int seq) => $"INSERT INTO audit_event (seq, at_us, actor, role, ward_scope, purpose, action, subjects, outcome, result_count, prev_hash, leaf_hash) SELECT {seq}, at_us, actor, role, ward_scope, purpose, action, subjects, outcome, result_count, prev_hash, leaf_hash FROM audit_event WHERE seq = 5";
        Assert.IsAssignableFrom<System.Data.Common.DbException>(await Record.ExceptionAsync(() => Target.ExecuteRawAsync(location, Repeat(before.Count), Ct)));

        await using var reopened = await SenkyoStore.OpenAsync(location, key, null, Ct);
        var after = await reopened.ReadAuditAsync(Ct);
        Assert.Equal(before.Select(r => (r.Seq, Convert.ToHexString(r.LeafHash))), after.Select(r => (r.Seq, Convert.ToHexString(r.LeafHash))));
        Assert.True((await reopened.VerifyAuditAsync([], Ct)).IsIntact);
        await reopened.RecordAsync(People.Clerk, "auth.signin", SubjectSet.Empty, AuditOutcome.Success, null, Ct);
        Assert.True((await reopened.VerifyAuditAsync([], Ct)).IsIntact);

        // The index is gone: a hand-made row repeating a predecessor hash goes in, and verification names it.
        var next = (await reopened.ReadAuditAsync(Ct)).Count;
        Assert.Equal(1, await Target.ExecuteRawAsync(location, Repeat(next), Ct));
        await Target.ExecuteRawAsync(location, "UPDATE audit_head SET size = size + 1", Ct);
        Assert.Equal(next, (await reopened.VerifyAuditAsync([], Ct)).FirstBadPosition);
    }

    [Fact]
    public async Task Truncation_with_a_rewritten_head_is_caught_by_the_earlier_checkpoint()
    {
        var (store, location, _) = await StoreWithEventsAsync(20);
        await using (store)
        {
            var cp = await store.CheckpointAsync(People.Clerk, Ct);
            var rehead = Target.Engine == EngineKind.Sqlite
                ? "UPDATE audit_head SET size = 15, last_hash = (SELECT leaf_hash FROM audit_event WHERE seq = 14)"
                : "UPDATE audit_head SET size = 15, last_hash = (SELECT leaf_hash FROM audit_event WHERE seq = 14)";
            await Target.ExecuteRawAsync(location, "DELETE FROM audit_event WHERE seq >= 15; DELETE FROM audit_checkpoint; " + rehead, Ct);
            Assert.True((await store.VerifyAuditAsync([], Ct)).IsIntact, "without an outside checkpoint a clean truncation looks intact");
            var v = await store.VerifyAuditAsync([Checkpoint.Parse(cp.ToText(), "handed-out.txt")], Ct);
            Assert.Equal(15, v.FirstBadPosition);
            Assert.Contains("truncated", v.Problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_rewritten_log_is_inconsistent_with_an_earlier_checkpoint()
    {
        var (store, location, _) = await StoreWithEventsAsync(12);
        await using (store)
        {
            var cp = await store.CheckpointAsync(People.Clerk, Ct);
            // Rewrite event 3 and re-hash the whole chain after it, as someone with database access could.
            var records = (await store.ReadAuditAsync(Ct)).ToList();
            await Target.ExecuteRawAsync(location, "DELETE FROM audit_event; DELETE FROM audit_checkpoint", Ct);
            var prev = MerkleTree.EmptyRoot;
            foreach (var r in records)
            {
                var changed = (r.Seq == 3 ? r with { Actor = "someone-else" } : r) with { PrevHash = prev };
                changed = changed with { LeafHash = changed.ComputeLeafHash() };
                prev = changed.LeafHash;
                await Target.ExecuteRawAsync(location,
                    $"INSERT INTO audit_event (seq, at_us, actor, role, ward_scope, purpose, action, subjects, outcome, result_count, prev_hash, leaf_hash) VALUES ({changed.Seq}, {changed.AtMicros}, '{changed.Actor}', '{changed.Role}', '{changed.WardScope}', '{changed.Purpose}', '{changed.Action}', '{changed.Subjects}', {(int)changed.Outcome}, {(changed.ResultCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "NULL")}, {Literal(changed.PrevHash)}, {Literal(changed.LeafHash)})", Ct);
            }

            await Target.ExecuteRawAsync(location, $"UPDATE audit_head SET last_hash = {Literal(prev)}", Ct);
            Assert.True((await store.VerifyAuditAsync([], Ct)).IsIntact);
            var v = await store.VerifyAuditAsync([cp], Ct);
            Assert.False(v.IsIntact);
            Assert.Contains("inconsistent", v.Problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_checkpoint_signed_by_another_key_is_not_trusted()
    {
        var (a, _, _) = await StoreWithEventsAsync(3);
        var (b, _, _) = await StoreWithEventsAsync(3);
        await using (a)
        await using (b)
        {
            var foreign = await b.CheckpointAsync(People.Clerk, Ct);
            var v = await a.VerifyAuditAsync([foreign], Ct);
            Assert.False(v.IsIntact);
            Assert.Contains("signed by key", v.Problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_tampered_log_is_never_signed()
    {
        var (store, location, _) = await StoreWithEventsAsync(5);
        await using (store)
        {
            await Target.ExecuteRawAsync(location, "UPDATE audit_event SET purpose = 'x' WHERE seq = 2", Ct);
            var e = await Assert.ThrowsAsync<StoreRefusedException>(() => store.CheckpointAsync(People.Clerk, Ct));
            Assert.Contains("entry 2", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Many_concurrent_writers_never_fork_the_chain()
    {
        var (first, location, key) = await NewStoreAsync();
        await first.DisposeAsync();
        const int writers = 8, each = 25;
        var stores = new List<SenkyoStore>();
        for (var w = 0; w < writers; w++)
        {
            stores.Add(await SenkyoStore.OpenAsync(location, key, null, Ct));
        }

        try
        {
            var people = People.NewPeople(writers * 2);
            await Task.WhenAll(stores.Select((s, w) => Task.Run(async () =>
            {
                var who = new AccessContext($"writer{w}", "clerk", "*", "load");
                for (var i = 0; i < each; i++)
                {
                    if (i < 2)
                    {
                        await s.AddPersonAsync(who, people[(w * 2) + i], Ct);
                    }
                    else
                    {
                        await s.RecordAsync(who, "auth.signin", SubjectSet.Empty, AuditOutcome.Success, null, Ct);
                    }
                }
            }, Ct)));

            var records = await stores[0].ReadAuditAsync(Ct);
            Assert.Equal(2 + (writers * each), records.Count);
            Assert.Equal(Enumerable.Range(0, records.Count).Select(i => (long)i), records.Select(r => r.Seq));
            Assert.Equal(records.Count, records.Select(r => Convert.ToHexString(r.PrevHash)).Distinct().Count());
            Assert.True((await stores[0].VerifyAuditAsync([], Ct)).IsIntact);
            Assert.Equal(Enumerable.Range(1, writers * 2).Select(i => (long)i), (await stores[0].ReadAuditAsync(Ct)).Where(r => r.Action == "person.create").Select(r => long.Parse(r.Subjects, System.Globalization.CultureInfo.InvariantCulture)).Order());
        }
        finally
        {
            foreach (var s in stores)
            {
                await s.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Master_key_rotation_rewraps_and_the_old_key_stops_opening()
    {
        var (store, location, oldKey) = await NewStoreAsync();
        using var newKey = MasterKey.Generate();
        long id;
        await using (store)
        {
            id = await store.AddPersonAsync(People.Clerk, People.NewPeople(1)[0], Ct);
            await store.RewrapKeysAsync(People.Clerk, newKey, Ct);
            Assert.Equal(id, (await store.ReadPersonAsync(People.Clerk, id, Ct)).Id);
        }

        await Assert.ThrowsAsync<KeyAccessException>(() => SenkyoStore.OpenAsync(location, oldKey, null, Ct));
        await using var reopened = await SenkyoStore.OpenAsync(location, newKey, null, Ct);
        Assert.Equal(id, (await reopened.ReadPersonAsync(People.Clerk, id, Ct)).Id);
        Assert.Contains(await reopened.ReadAuditAsync(Ct), r => r.Action == "key.rewrap");
    }

    [Fact]
    public async Task Data_key_rotation_is_resumable_and_data_stays_readable_and_findable_throughout()
    {
        var (store, location, key) = await NewStoreAsync();
        var people = People.NewPeople(40);
        await using (store)
        {
            await store.AddPeopleAsync(People.Clerk, people, null, Ct);
            await store.UpdateHealthAsync(People.Clerk, 5, new PersonHealth(null, "要介護3", null), Ct);
            // A second process that keeps the store open while the rotation runs.
            await using var other = await SenkyoStore.OpenAsync(location, key, null, Ct);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            var progress = new SyncProgress(p =>
            {
                if (p.Done >= 10)
                {
                    stop.Cancel();
                }
            });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.RotateDataKeysAsync(People.Clerk, 5, progress, stop.Token));

            // Half-way: rows under old and new keys, all readable and findable, from both processes.
            foreach (var (p, i) in people.Select((p, i) => (p, i)))
            {
                Assert.Equal(p.Identity, (await other.ReadPersonAsync(People.Clerk, i + 1, Ct)).Identity);
            }

            var last = people[^1].Identity;
            Assert.Contains(40L, (await other.FindPeopleAsync(People.Clerk, PersonQuery.ByKanaAndBirth(last.KanaName, last.BirthDate), Ct)).Select(r => r.Id));

            // The search's AND terms (surname within a date, kanji name within a date) under either key version: person 1
            // is re-indexed already, person 40 not yet.
            foreach (var id in (long[])[1, 40])
            {
                var p = people[(int)id - 1].Identity;
                Assert.Contains(id, (await other.FindVotersAsync(People.Clerk, new VoterQuery(p.SurnameKana, null, p.BirthDate), Ct)).Select(v => v.Id));
                Assert.Contains(id, (await other.FindVotersAsync(People.Clerk, new VoterQuery(null, p.Surname + p.GivenName, p.BirthDate), Ct)).Select(v => v.Id));
            }

            Assert.Equal(0, await Target.ExecuteRawAsync(location, "UPDATE person SET status = status WHERE id = 1 AND index_key <> 2", Ct));
            Assert.Equal(0, await Target.ExecuteRawAsync(location, "UPDATE person SET status = status WHERE id = 40 AND index_key <> 1", Ct));
            var written = await other.AddPersonAsync(People.Clerk, People.NewPeople(41)[40], Ct);

            var resumed = await store.RotateDataKeysAsync(People.Clerk, 7, null, Ct);
            Assert.Equal(0, resumed.Remaining);
            Assert.True(resumed.Done > 0 && resumed.Done <= 41);
            Assert.Equal(1, await Target.ExecuteRawAsync(location, "UPDATE store_meta SET value = value WHERE key = 'key_epoch'", Ct));
            Assert.Equal(0, await Target.ExecuteRawAsync(location, "UPDATE person SET status = status WHERE identity_key <> 2 OR index_key <> 2 OR (health IS NOT NULL AND health_key <> 2)", Ct));
            Assert.Equal("要介護3", (await other.ReadHealthAsync(People.Clerk, 5, Ct))!.CareLevel);
            Assert.Contains(written, (await store.FindPeopleAsync(People.Clerk, PersonQuery.ByKanaName(People.NewPeople(41)[40].Identity.KanaName), Ct)).Select(r => r.Id));
            var actions = (await store.ReadAuditAsync(Ct)).Select(r => r.Action).ToList();
            Assert.Contains("key.rotate", actions);
            Assert.Contains("key.rotate.resume", actions);
            Assert.Contains("key.reencrypt", actions);
            Assert.True((await store.VerifyAuditAsync([], Ct)).IsIntact);
        }
    }

    private string Literal(byte[] bytes) =>
        Target.Engine == EngineKind.Sqlite ? $"X'{Convert.ToHexString(bytes)}'" : $"'\\x{Convert.ToHexString(bytes)}'::bytea";

    private sealed class SyncProgress(Action<ReencryptionProgress> report) : IProgress<ReencryptionProgress>
    {
        public void Report(ReencryptionProgress value) => report(value);
    }
}

using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Senkyo.Privacy.Keys;
using Senkyo.Storage.Import;

namespace Senkyo.Storage.Tests;

/// <summary>
/// SQLite only: a load into the empty person table runs under the rollback journal when its connection is the store's
/// only one (the rows are written once instead of into the WAL and again by the checkpoint), stays in WAL mode when
/// another connection is open, and leaves the store in WAL mode either way; a process killed mid-load under the
/// rollback journal leaves a store that opens as it was before the load.
/// </summary>
public sealed class BulkJournalTests(RegisterFiles files) : IClassFixture<RegisterFiles>, IDisposable
{
    private static readonly AccessContext Clerk = new("clerk01", "registrar", "*", "test");
    private readonly SqliteTarget _target = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_import_into_the_empty_store_writes_through_the_rollback_journal_and_leaves_the_store_in_wal_mode()
    {
        var (store, location) = await NewStoreAsync();
        await using var _ = store;
        var seen = new JournalProbe(location);

        var result = await store.ImportResidentsAsync(Clerk, files.Residents, files.City, FileEncoding.Auto, null, seen, Ct);

        Assert.Equal(RegisterFiles.Count, result.Residents);
        Assert.True(seen.RollbackJournal, "no senkyo.db-journal while the rows went in");
        Assert.False(seen.Wal, "the rows went through the WAL");
        Assert.Equal("wal", await RegisterFiles.ScalarAsync<string>(location, "PRAGMA journal_mode", Ct));
        Assert.False(File.Exists(location.SqlitePath + "-journal"));
        Assert.Equal(RegisterFiles.Count, await store.CountPeopleAsync(Ct));
        Assert.True((await store.VerifyAuditAsync([], Ct)).IsIntact);
    }

    [Fact]
    public async Task With_another_connection_open_the_import_stays_in_wal_mode_and_succeeds()
    {
        var (store, location) = await NewStoreAsync();
        await using var _ = store;
        await using var reader = new SqliteConnection($"Data Source={location.SqlitePath};Pooling=False");
        await reader.OpenAsync(Ct);
        await using (var cmd = reader.CreateCommand())
        {
            cmd.CommandText = "SELECT count(*) FROM audit_event";
            Assert.True((long)(await cmd.ExecuteScalarAsync(Ct))! > 0);
        }

        var seen = new JournalProbe(location);
        var result = await store.ImportResidentsAsync(Clerk, files.Residents, files.City, FileEncoding.Auto, null, seen, Ct);

        Assert.Equal(RegisterFiles.Count, result.Residents);
        Assert.False(seen.RollbackJournal, "left WAL mode while another connection was open");
        Assert.True(seen.Wal);
        Assert.Equal("wal", await RegisterFiles.ScalarAsync<string>(location, "PRAGMA journal_mode", Ct));
        Assert.Equal(RegisterFiles.Count, await store.CountPeopleAsync(Ct));
    }

    [Fact]
    public async Task A_server_store_that_does_not_allow_exclusive_loads_stays_in_wal_mode_even_alone()
    {
        var location = await _target.NewLocationAsync(Ct);
        using var key = MasterKey.Generate();
        await using var store = await SenkyoStore.CreateAsync(location, key, StoreKind.Synthetic, Clerk, new StoreOptions { ExclusiveBulkLoad = false }, Ct);
        var seen = new JournalProbe(location);

        await store.ImportResidentsAsync(Clerk, files.Residents, files.City, FileEncoding.Auto, null, seen, Ct);

        Assert.False(seen.RollbackJournal, "left WAL mode although the options forbid it");
        Assert.Equal(RegisterFiles.Count, await store.CountPeopleAsync(Ct));
    }

    [Fact]
    public async Task A_process_killed_mid_load_under_the_rollback_journal_leaves_the_store_as_before_the_load()
    {
        var location = await _target.NewLocationAsync(Ct);
        using var key = MasterKey.Generate();
        await (await SenkyoStore.CreateAsync(location, key, StoreKind.Synthetic, Clerk, null, Ct)).DisposeAsync();
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "Senkyo.Storage.CrashWriter.dll"), "sqlite", location.DataDirectory, "-", "5", "load"])
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment[MasterKey.EnvironmentVariable] = key.ToBase64();
        bool journalAtKill;
        using (var process = Process.Start(psi)!)
        {
            var errors = process.StandardError.ReadToEndAsync(Ct);
            string? line;
            while ((line = await process.StandardOutput.ReadLineAsync(Ct)) is not null && !line.StartsWith("progress ", StringComparison.Ordinal))
            {
            }

            journalAtKill = File.Exists(location.SqlitePath + "-journal");
            process.Kill(entireProcessTree: true); // SIGKILL: the transaction is open, rows are in the file
            await process.WaitForExitAsync(Ct);
            Assert.True(line is not null, $"the writer ended before its load reported progress: {await errors}");
        }

        Assert.True(journalAtKill, "the load was not under the rollback journal when it was killed");
        await using var reopened = await SenkyoStore.OpenAsync(location, key, null, Ct);
        Assert.Equal(0, await reopened.CountPeopleAsync(Ct));
        Assert.False(File.Exists(location.SqlitePath + "-journal"));
        Assert.Equal("wal", await RegisterFiles.ScalarAsync<string>(location, "PRAGMA journal_mode", Ct));
        Assert.True((await reopened.VerifyAuditAsync([], Ct)).IsIntact);
        Assert.Equal("ok", await RegisterFiles.ScalarAsync<string>(location, "PRAGMA integrity_check", Ct));
        var result = await reopened.ImportResidentsAsync(Clerk, files.Residents, files.City, FileEncoding.Auto, null, null, Ct);
        Assert.Equal((long)RegisterFiles.Count, await reopened.CountPeopleAsync(Ct));
        Assert.Equal(1, result.FirstId);
    }

    [Fact]
    public async Task Every_file_of_a_new_store_is_the_owners_alone()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("POSIX file modes: NTFS permissions are the folder's");
            return;
        }

        var (store, location) = await NewStoreAsync();
        await using (store)
        {
            await store.ImportResidentsAsync(Clerk, files.Residents, files.City, FileEncoding.Auto, null, null, Ct);
            await store.RecordAsync(Clerk, "auth.signin", Privacy.Audit.SubjectSet.Empty, Privacy.Audit.AuditOutcome.Success, null, Ct);
            Assert.True(File.Exists(location.SqlitePath + "-wal"));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(location.DataDirectory));
            foreach (var file in Directory.GetFiles(location.DataDirectory, "senkyo.db*"))
            {
                Assert.True((File.GetUnixFileMode(file) & ~(UnixFileMode.UserRead | UnixFileMode.UserWrite)) == 0, $"{Path.GetFileName(file)}: {File.GetUnixFileMode(file)}");
            }
        }
    }

    public void Dispose() => _target.Dispose();

    private async Task<(SenkyoStore Store, StoreLocation Location)> NewStoreAsync()
    {
        var location = await _target.NewLocationAsync(Ct);
        using var key = MasterKey.Generate();
        return (await SenkyoStore.CreateAsync(location, key, StoreKind.Synthetic, Clerk, null, Ct), location);
    }

    /// <summary>Looks at the store's files each time the import reports progress, i.e. while its transaction is open.</summary>
    private sealed class JournalProbe(StoreLocation location) : IProgress<long>
    {
        public bool RollbackJournal { get; private set; }

        public bool Wal { get; private set; }

        public void Report(long value)
        {
            RollbackJournal |= File.Exists(location.SqlitePath + "-journal");
            Wal |= new FileInfo(location.SqlitePath + "-wal") is { Exists: true, Length: > 0 };
        }
    }
}

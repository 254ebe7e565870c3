using System.Globalization;
using System.Text;
using Senkyo.Privacy.Keys;

namespace Senkyo.Storage.Tests;

/// <summary>
/// The copied-database test: store thousands of synthetic people, then look for every name, kana, address, phone
/// and birth date in the raw bytes of the database files — SQLite main file and WAL, PostgreSQL data directory.
/// </summary>
public abstract class RawByteScanContract(StoreTarget target) : IDisposable
{
    private const int People = 3000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract Task<IReadOnlyList<string>> DatabaseFilesAsync(StoreLocation location);

    [Fact]
    public async Task No_personal_field_appears_in_the_raw_database_files()
    {
        var residents = Tests.People.Residents(People, seed: 7).ToList();
        var needles = new RawBytes();
        foreach (var r in residents)
        {
            needles.Add(r.Surname + r.GivenName, "kanji name");
            // As the store's views join them (full-width space), and with an ASCII space: a Latin-script name part of
            // under 8 letters is too short a needle alone (see RawBytes), but not inside the whole name.
            needles.Add(r.Surname + "\u3000" + r.GivenName, "spaced name");
            needles.Add(r.Surname + " " + r.GivenName, "spaced name");
            needles.Add(r.Surname, "surname");
            needles.Add(r.GivenName, "given name");
            needles.Add(r.SurnameKana + r.GivenNameKana, "kana name");
            needles.Add(r.SurnameKana, "surname kana");
            needles.Add(r.GivenNameKana, "given name kana");
            needles.Add(r.Address, "address");
            needles.Add(r.PreviousAddress, "previous address");
            needles.Add(r.Building, "building");
            needles.Add(r.Phone, "phone");
            needles.Add(r.ResidentId, "resident number");
            needles.Add(r.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "birth date");
            needles.Add(r.BirthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture), "birth date");
            needles.Add(r.BirthDate.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture), "birth date");
        }

        // Applicants to the 在外選挙人名簿: other synthetic people, stored only in overseas_elector.
        var abroad = Tests.People.Residents(200, seed: 8).Where(r => r.BirthDate < new DateOnly(2000, 1, 1)).Take(40).ToList();
        var applications = abroad.Select((r, i) => OverseasApplications.AtConsulate(r, i + 1, Senkyo.Synthetic.SyntheticPopulation.City().Code, new DateOnly(2026, 5, 10), new DateOnly(2026, 1, 15))).ToList();
        foreach (var a in applications)
        {
            needles.Add(a.Person.Surname + a.Person.GivenName, "overseas kanji name");
            needles.Add(a.Person.SurnameKana + a.Person.GivenNameKana, "overseas kana name");
            needles.Add(a.Person.SurnameKana, "overseas surname kana");
            needles.Add(a.AddressAbroad, "address abroad");
            needles.Add(a.Jurisdiction, "consular jurisdiction");
            needles.Add(a.Person.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "overseas birth date");
        }

        Assert.True(needles.NeedleCount > People * 10, $"only {needles.NeedleCount} needles");
        // The scanner itself finds what is there, in either encoding.
        var sample = residents[123];
        Assert.NotEmpty(needles.Scan(Encoding.Unicode.GetBytes("xx" + sample.Address + "yy"), "control"));
        Assert.NotEmpty(needles.Scan(Encoding.UTF8.GetBytes(sample.SurnameKana + sample.GivenNameKana), "control"));

        var location = await target.NewLocationAsync(Ct);
        using var key = MasterKey.Generate();
        await using (var store = await SenkyoStore.CreateAsync(location, key, StoreKind.Synthetic, Tests.People.Clerk, new StoreOptions { BulkBatchSize = 500 }, Ct))
        {
            await store.AddPeopleAsync(Tests.People.Clerk, residents.Take(2900).Select(r => Tests.People.ToNewPerson(r)), null, Ct);
            foreach (var r in residents.Skip(2900))
            {
                await store.AddPersonAsync(Tests.People.Clerk, Tests.People.ToNewPerson(r), Ct);
            }

            await store.UpdateHealthAsync(Tests.People.Clerk, 10, new PersonHealth("身体障害者手帳 1級", "要介護5", null), Ct);
            var city = Senkyo.Synthetic.SyntheticPopulation.City();
            var file = await OverseasApplications.WriteAsync(Path.Combine(location.DataDirectory, "..", Path.GetFileName(location.DataDirectory) + "-overseas.csv"), applications, Ct);
            await store.ApplyOverseasApplicationsAsync(Tests.People.Clerk, file, city, Import.FileEncoding.Auto, Ct);
            File.Delete(file);
            Assert.Equal(applications.Count, (await store.ProcessOverseasAsync(Tests.People.Clerk, new DateOnly(2026, 6, 1), [], Ct)).Entered);
            Assert.NotEmpty(await store.FindOverseasAsync(Tests.People.Clerk, new OverseasQuery(abroad[0].SurnameKana, null, null), Ct));
            Assert.Contains(await store.FindVotersAsync(Tests.People.Clerk, new VoterQuery(residents[500].SurnameKana, null, null), Ct), v => v.Id == 501);

            var p = residents[500];
            Assert.Single(await store.FindPeopleAsync(Tests.People.Clerk, PersonQuery.ByKanaAndBirth(p.SurnameKana + p.GivenNameKana, p.BirthDate), Ct), x => x.Id == 501);

            // While open: the WAL still holds recent pages.
            var open = await DatabaseFilesAsync(location);
            var hits = needles.ScanFiles(open);
            Assert.True(hits.Count == 0, $"{hits.Count} plaintext hits, first: {string.Join("; ", hits.Take(5))}");
        }

        var closed = await DatabaseFilesAsync(location);
        Assert.NotEmpty(closed);
        var after = needles.ScanFiles(closed);
        Assert.True(after.Count == 0, $"{after.Count} plaintext hits after close, first: {string.Join("; ", after.Take(5))}");
    }

    public void Dispose()
    {
        target.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteRawByteScanTests() : RawByteScanContract(new SqliteTarget())
{
    protected override Task<IReadOnlyList<string>> DatabaseFilesAsync(StoreLocation location)
    {
        IReadOnlyList<string> files = [.. Directory.GetFiles(location.DataDirectory, "senkyo.db*")];
        Assert.Contains(files, f => f.EndsWith(".db", StringComparison.Ordinal));
        return Task.FromResult(files);
    }
}

public sealed class PostgresRawByteScanTests(PostgresServer server) : RawByteScanContract(new PostgresTarget(server))
{
    protected override async Task<IReadOnlyList<string>> DatabaseFilesAsync(StoreLocation location)
    {
        // Force dirty pages into the heap files, then scan this database's folder, the shared catalog and the WAL.
        await using var c = new Npgsql.NpgsqlConnection(location.ConnectionString);
        await c.OpenAsync(TestContext.Current.CancellationToken);
        await using var cmd = new Npgsql.NpgsqlCommand("CHECKPOINT; SELECT oid FROM pg_database WHERE datname = current_database()", c);
        var oid = Convert.ToString(await cmd.ExecuteScalarAsync(TestContext.Current.CancellationToken), CultureInfo.InvariantCulture)!;
        var data = server.DataDirectory;
        return [.. new[] { Path.Combine(data, "base", oid), Path.Combine(data, "global"), Path.Combine(data, "pg_wal") }
            .SelectMany(d => Directory.GetFiles(d, "*", SearchOption.AllDirectories))];
    }
}

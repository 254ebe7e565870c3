using System.Diagnostics;
using System.Globalization;
using Senkyo.Privacy.Audit;
using Senkyo.Privacy.Keys;

namespace Senkyo.Storage.Tests;

/// <summary>
/// Kill -9 at random points: a child process writes people, bulk batches and events, reporting each only after
/// its commit; it is killed with SIGKILL mid-stream. The store must open, verify, and hold every reported change
/// with its audit event — and nothing without its event.
/// </summary>
public abstract class CrashContract(StoreTarget target) : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_killed_writer_leaves_a_store_that_opens_verifies_and_keeps_every_committed_change()
    {
        var location = await target.NewLocationAsync(Ct);
        using var key = MasterKey.Generate();
        await (await SenkyoStore.CreateAsync(location, key, StoreKind.Synthetic, People.Clerk, null, Ct)).DisposeAsync();
        var random = new Random(20261128);
        var committedPeople = new HashSet<long>();
        var committedEvents = new HashSet<long>();
        for (var round = 0; round < 3; round++)
        {
            var (people, events) = await RunAndKillAsync(location, key, (ulong)(round + 1), random.Next(4, 40), random.Next(0, 15));
            committedPeople.UnionWith(people);
            committedEvents.UnionWith(events);

            await using var store = await SenkyoStore.OpenAsync(location, key, null, Ct);
            var verification = await store.VerifyAuditAsync([], Ct);
            Assert.True(verification.IsIntact, $"round {round}: {verification.Problem}");
            var audit = await store.ReadAuditAsync(Ct);
            var audited = audit.Where(a => a.Action is "person.create" or "person.import")
                .SelectMany(a => SubjectSet.Parse(a.Subjects).Ranges.SelectMany(r => Enumerable.Range((int)r.First, (int)(r.Last - r.First + 1)).Select(i => (long)i)))
                .ToHashSet();
            Assert.Superset(committedPeople, audited);
            Assert.All(committedEvents, seq => Assert.True(seq < audit.Count && audit[(int)seq].Action == "auth.signin", $"event {seq} lost"));
            // Nothing without its event: every stored row was announced by a create or import event.
            Assert.Equal(audited.Count, await store.CountPeopleAsync(Ct));
            foreach (var id in committedPeople.Order().Where((_, i) => i % 5 == 0))
            {
                Assert.Equal(id, (await store.ReadPersonAsync(People.Clerk, id, Ct)).Id);
            }
        }

        Assert.NotEmpty(committedPeople);
    }

    private static async Task<(List<long> People, List<long> Events)> RunAndKillAsync(StoreLocation location, MasterKey key, ulong seed, int killAfterLines, int extraDelayMs)
    {
        var writer = Path.Combine(AppContext.BaseDirectory, "Senkyo.Storage.CrashWriter.dll");
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in (string[])[writer, location.Engine == EngineKind.Sqlite ? "sqlite" : "postgres", location.DataDirectory, location.ConnectionString ?? "-", seed.ToString(CultureInfo.InvariantCulture)])
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment[MasterKey.EnvironmentVariable] = key.ToBase64();
        using var process = Process.Start(psi)!;
        var people = new List<long>();
        var events = new List<long>();
        var lines = 0;
        var errors = process.StandardError.ReadToEndAsync(Ct);
        while (await process.StandardOutput.ReadLineAsync(Ct) is { } line)
        {
            var parts = line.Split(' ');
            switch (parts[0])
            {
                case "one":
                    people.Add(long.Parse(parts[1], CultureInfo.InvariantCulture));
                    break;
                case "bulk":
                    for (var id = long.Parse(parts[1], CultureInfo.InvariantCulture); id <= long.Parse(parts[2], CultureInfo.InvariantCulture); id++)
                    {
                        people.Add(id);
                    }

                    break;
                case "event":
                    events.Add(long.Parse(parts[1], CultureInfo.InvariantCulture));
                    break;
            }

            if (parts[0] != "ready" && ++lines >= killAfterLines)
            {
                // Land the kill somewhere inside the next transaction rather than always right after a commit.
                await Task.Delay(extraDelayMs, Ct);
                process.Kill(entireProcessTree: true); // SIGKILL on Unix
                break;
            }
        }

        await process.WaitForExitAsync(Ct);
        Assert.True(lines >= killAfterLines, $"writer ended early: {await errors}");
        return (people, events);
    }

    public void Dispose()
    {
        target.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteCrashTests() : CrashContract(new SqliteTarget());

public sealed class PostgresCrashTests(PostgresServer server) : CrashContract(new PostgresTarget(server));

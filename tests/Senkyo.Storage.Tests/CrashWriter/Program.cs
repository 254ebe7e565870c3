using System.Globalization;
using Senkyo.Privacy.Audit;
using Senkyo.Privacy.Keys;
using Senkyo.Storage;
using Senkyo.Synthetic;

// Usage: CrashWriter sqlite|postgres DATA_DIR CONNECTION|- SEED [load]   (master key in SENKYO_MASTER_KEY)
// Prints "one ID" or "bulk FIRST LAST" only after the transaction has committed, then keeps going until killed.
// With "load": one bulk load of 300,000 people into the (empty) store, printing "progress N" from inside its transaction.
var engine = args[0] == "postgres" ? EngineKind.Postgres : EngineKind.Sqlite;
var location = new StoreLocation(engine, args[1], args[2] == "-" ? null : args[2]);
var seed = ulong.Parse(args[3], CultureInfo.InvariantCulture);
using var key = MasterKey.FromBase64(Environment.GetEnvironmentVariable(MasterKey.EnvironmentVariable)!, MasterKey.EnvironmentVariable);
await using var store = await SenkyoStore.OpenAsync(location, key, null, CancellationToken.None);
var who = new AccessContext("crash-writer", "registrar", "*", "crash-test");
var stdout = Console.Out;
Console.WriteLine("ready");
using var people = SyntheticPopulation.Generate(seed, 1_000_000, new DateOnly(2026, 11, 1))
    .Select(r => new NewPerson(StoreKind.Synthetic, r.ResidentId, r.HouseholdId,
        new PersonIdentity(r.Surname, r.GivenName, r.SurnameKana, r.GivenNameKana, r.BirthDate, r.Nationality, r.PostalCode, r.Address, r.Banchi, r.Building, r.Phone, r.PreviousAddress, r.Relationship, r.TownCode),
        r.WardCode, null, 1, r.Sex, r.ResidentSince, null))
    .GetEnumerator();

if (args.Length > 4 && args[4] == "load")
{
    var load = new List<NewPerson>();
    while (load.Count < 300_000 && people.MoveNext())
    {
        load.Add(people.Current);
    }

    var loaded = await store.AddPeopleAsync(who, load, new LineProgress(stdout), CancellationToken.None);
    await stdout.WriteLineAsync($"bulk {loaded.FirstId} {loaded.LastId}");
    await stdout.FlushAsync();
    await Task.Delay(Timeout.Infinite);
}

for (var i = 0; ; i++)
{
    if (i % 7 == 6)
    {
        var batch = new List<NewPerson>();
        while (batch.Count < 25 && people.MoveNext())
        {
            batch.Add(people.Current);
        }

        var result = await store.AddPeopleAsync(who, batch, null, CancellationToken.None);
        await stdout.WriteLineAsync($"bulk {result.FirstId} {result.LastId}");
    }
    else if (i % 3 == 2)
    {
        var seq = await store.RecordAsync(who, "auth.signin", SubjectSet.Empty, AuditOutcome.Success, null, CancellationToken.None);
        await stdout.WriteLineAsync($"event {seq}");
    }
    else
    {
        people.MoveNext();
        var id = await store.AddPersonAsync(who, people.Current, CancellationToken.None);
        await stdout.WriteLineAsync($"one {id}");
    }

    await stdout.FlushAsync();
}

/// <summary>Writes each progress report at once: the report comes from inside the load's open transaction.</summary>
internal sealed class LineProgress(TextWriter output) : IProgress<long>
{
    public void Report(long value)
    {
        output.WriteLine($"progress {value}");
        output.Flush();
    }
}

using System.Text.Json;
using Senkyo.Storage.Engines;

namespace Senkyo.Storage;

/// <summary>
/// Where a store lives. The data directory always exists: for SQLite it holds the database file, for PostgreSQL
/// a <c>store.json</c> naming the server, so every command can open any store with <c>--data DIR</c>.
/// The connection string should carry no password (use a pgpass file or peer authentication).
/// </summary>
public sealed record StoreLocation(EngineKind Engine, string DataDirectory, string? ConnectionString = null)
{
    public const string DescriptorFile = "store.json";

    public string SqlitePath => Path.Combine(DataDirectory, SqliteEngine.FileName);

    internal StorageEngine CreateEngine() => Engine switch
    {
        EngineKind.Sqlite => new SqliteEngine(SqlitePath),
        EngineKind.Postgres => new PostgresEngine(ConnectionString ?? throw new StoreRefusedException("A PostgreSQL store needs a connection string (--connection).")),
        _ => throw new ArgumentOutOfRangeException(nameof(Engine)),
    };

    public async Task WriteDescriptorAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(DataDirectory);
        var json = JsonSerializer.Serialize(new Descriptor(Engine == EngineKind.Sqlite ? "sqlite" : "postgres", ConnectionString));
        await File.WriteAllTextAsync(Path.Combine(DataDirectory, DescriptorFile), json, cancellationToken);
    }

    /// <summary>Reads <c>DIR/store.json</c>; a directory without one is not a store.</summary>
    public static async Task<StoreLocation> ReadAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(dataDirectory, DescriptorFile);
        if (!File.Exists(path))
        {
            throw new StoreRefusedException($"{dataDirectory}: not a Senkyo store (no {DescriptorFile}); create one with 'senkyo init --data {dataDirectory}'.");
        }

        Descriptor? d;
        try
        {
            d = JsonSerializer.Deserialize<Descriptor>(await File.ReadAllTextAsync(path, cancellationToken));
        }
        catch (JsonException e)
        {
            throw new StoreRefusedException($"{path}: line {e.LineNumber + 1}: not valid JSON ({e.Message}).", e);
        }

        return d?.Engine switch
        {
            "sqlite" => new StoreLocation(EngineKind.Sqlite, dataDirectory),
            "postgres" => new StoreLocation(EngineKind.Postgres, dataDirectory, d.Connection),
            _ => throw new StoreRefusedException($"{path}: field 'Engine' must be 'sqlite' or 'postgres'."),
        };
    }

    private sealed record Descriptor(string Engine, string? Connection);
}

/// <summary>Options of an open store.</summary>
public sealed record StoreOptions
{
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Search-key normalization for blind indexes (検索キーの正規化), owned by the domain's text rules. Changing it
    /// changes every index value: a store must keep the normalizer it was filled with, or re-index (keys rotate --data-keys).
    /// </summary>
    public Domain.Text.SearchKeyNormalizer Normalizer { get; init; } = Domain.Text.SearchKeyNormalizer.Default;

    public Privacy.Keys.KeyRingOptions KeyRing { get; init; } = new();

    /// <summary>Rows per bulk batch: encrypted in parallel, then written with one prepared statement or one COPY.</summary>
    public int BulkBatchSize { get; init; } = 8192;

    /// <summary>
    /// Whether a bulk load into the empty person table may take the store for itself when it has no other connection
    /// (SQLite: the rollback journal, which writes the rows once but makes every other connection wait until the load
    /// commits). Right for a batch command, the store's only user; not for a server, whose other requests (a sign-in
    /// writes its audit event) must go on during a load. The web app turns it off.
    /// </summary>
    public bool ExclusiveBulkLoad { get; init; } = true;
}

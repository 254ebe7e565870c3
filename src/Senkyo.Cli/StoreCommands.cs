using System.CommandLine;
using System.Globalization;
using System.Text;
using Senkyo.Privacy.Keys;
using Senkyo.Storage;

namespace Senkyo.Cli;

/// <summary>
/// <c>senkyo init</c> and <c>senkyo keys rotate</c>: creating a protected store and handling its keys.
/// Every command that opens a store takes <c>--data DIR --keys FILE</c> (or SENKYO_DATA / SENKYO_KEYS, or the
/// key itself in SENKYO_MASTER_KEY), so scripts drive any store the same way.
/// </summary>
public static class StoreCommands
{
    public const string DataVariable = "SENKYO_DATA";
    public const string KeysVariable = "SENKYO_KEYS";

    public static Command CreateInit()
    {
        var data = DataOption();
        var keys = KeysOption();
        var engine = new Option<string>("--engine") { Description = "sqlite (embedded, default) or postgres.", DefaultValueFactory = _ => "sqlite" };
        engine.AcceptOnlyFromAmong("sqlite", "postgres");
        var connection = new Option<string?>("--connection") { Description = "PostgreSQL connection string (no password: use a pgpass file)." };
        var synthetic = new Option<bool>("--synthetic") { Description = "Tag the store as synthetic (合成データ): it refuses production data. Without it the store is production and refuses synthetic data." };
        var command = new Command("init", "Create a protected store: schema, data keys wrapped by the master key, first audit events. A missing key file is created (mode 0600).")
        {
            data, keys, engine, connection, synthetic,
        };
        command.SetAction(async (parse, ct) =>
        {
            var dir = ResolveData(parse.GetValue(data));
            if (File.Exists(Path.Combine(dir, StoreLocation.DescriptorFile)))
            {
                throw new UserInputException($"{dir}: a store already exists there; a store is never initialised twice.");
            }

            var isPostgres = parse.GetValue(engine) == "postgres";
            var cs = parse.GetValue(connection);
            if (isPostgres && string.IsNullOrWhiteSpace(cs))
            {
                throw new UserInputException("--engine postgres needs --connection \"Host=…;Database=…;Username=…\".");
            }

            var location = new StoreLocation(isPostgres ? EngineKind.Postgres : EngineKind.Sqlite, Path.GetFullPath(dir), isPostgres ? cs : null);
            using var master = await ObtainKeyForInitAsync(parse.GetValue(keys), location.DataDirectory, ct);
            var kind = parse.GetValue(synthetic) ? StoreKind.Synthetic : StoreKind.Production;
            await using var store = await Guard(() => SenkyoStore.CreateAsync(location, master, kind, Operator("init"), null, ct));
            await location.WriteDescriptorAsync(ct);
            var i = store.Info;
            await parse.InvocationConfiguration.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"created {i.Kind.ToString().ToLowerInvariant()} store {i.StoreId} ({i.Engine.ToString().ToLowerInvariant()}) in {location.DataDirectory}\nmaster key {i.MasterKeyId}, audit signing key {i.AuditKeyFingerprint}"));
            return CliHost.Success;
        });
        return command;
    }

    public static Command CreateKeys()
    {
        var keys = new Command("keys", "Key handling (鍵管理): rotation of the master key and of the data keys.");
        keys.Subcommands.Add(RotateCommand());
        return keys;
    }

    private static Command RotateCommand()
    {
        var data = DataOption();
        var keys = KeysOption();
        var newKeys = new Option<string?>("--new-keys") { Description = "Create a new master key file here (mode 0600) and re-wrap every data key under it. The data is not touched." };
        var dataKeys = new Option<bool>("--data-keys") { Description = "New data-key versions, then re-encrypt and re-index every row in batches; online, and resumable by running it again." };
        var batch = new Option<int>("--batch") { Description = "Rows per re-encryption transaction.", DefaultValueFactory = _ => 1000 };
        batch.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--batch must be at least 1"); });
        var command = new Command("rotate", "Rotate keys: --new-keys FILE re-wraps the data keys under a new master key; --data-keys re-encrypts the data under new data keys.")
        {
            data, keys, newKeys, dataKeys, batch,
        };
        command.SetAction(async (parse, ct) =>
        {
            var newPath = parse.GetValue(newKeys);
            if (newPath is null && !parse.GetValue(dataKeys))
            {
                throw new UserInputException("Say what to rotate: --new-keys FILE (master key), --data-keys (data keys), or both.");
            }

            var stdout = parse.InvocationConfiguration.Output;
            await using var store = await OpenAsync(parse.GetValue(data), parse.GetValue(keys), ct);
            if (newPath is not null)
            {
                var dir = Path.GetFullPath(ResolveData(parse.GetValue(data)));
                RefuseInside(Path.GetFullPath(newPath), dir);
                using var next = MasterKey.Generate();
                await Guard(() => next.WriteFileAsync(newPath, ct));
                await store.RewrapKeysAsync(Operator("keys.rotate"), next, ct);
                await stdout.WriteLineAsync($"data keys re-wrapped under master key {next.Id} ({newPath}); the old key no longer opens this store");
            }

            if (parse.GetValue(dataKeys))
            {
                var result = await store.RotateDataKeysAsync(Operator("keys.rotate"), parse.GetValue(batch), null, ct);
                await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"data keys rotated: {result.Done} rows re-encrypted, {result.Remaining} remaining"));
            }

            return CliHost.Success;
        });
        return command;
    }

    internal static Option<string?> DataOption() => new("--data") { Description = $"Store folder (or {DataVariable})." };

    internal static Option<string?> KeysOption() => new("--keys") { Description = $"Master key file, mode 0600, outside the store folder (or {KeysVariable}, or the key itself in {MasterKey.EnvironmentVariable})." };

    /// <summary>The acting operator for audit events: the OS account, reduced to the audit code alphabet.</summary>
    internal static AccessContext Operator(string purpose)
    {
        var name = new string([.. Environment.UserName.Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')]);
        return new AccessContext("os:" + (name.Length == 0 ? "unknown" : name), "operator", "*", purpose);
    }

    internal static string ResolveData(string? option) =>
        option ?? Environment.GetEnvironmentVariable(DataVariable) ?? throw new UserInputException($"No store given: pass --data DIR or set {DataVariable}.");

    internal static async Task<SenkyoStore> OpenAsync(string? dataOption, string? keysOption, CancellationToken ct)
    {
        var dir = ResolveData(dataOption);
        var location = await Guard(() => StoreLocation.ReadAsync(dir, ct));
        using var master = await ReadKeyAsync(keysOption, ct);
        return await Guard(() => SenkyoStore.OpenAsync(location, master, null, ct));
    }

    internal static async Task<MasterKey> ReadKeyAsync(string? keysOption, CancellationToken ct)
    {
        var path = keysOption ?? Environment.GetEnvironmentVariable(KeysVariable);
        if (path is not null)
        {
            return await Guard(() => MasterKey.ReadFileAsync(path, ct));
        }

        var env = Environment.GetEnvironmentVariable(MasterKey.EnvironmentVariable);
        return env is not null
            ? Guard(() => MasterKey.FromBase64(env, MasterKey.EnvironmentVariable))
            : throw new UserInputException($"No master key: pass --keys FILE or set {KeysVariable} or {MasterKey.EnvironmentVariable}.");
    }

    private static async Task<MasterKey> ObtainKeyForInitAsync(string? keysOption, string dataDirectory, CancellationToken ct)
    {
        var path = keysOption ?? Environment.GetEnvironmentVariable(KeysVariable);
        if (path is null)
        {
            return await ReadKeyAsync(null, ct);
        }

        RefuseInside(Path.GetFullPath(path), dataDirectory);
        if (File.Exists(path))
        {
            return await Guard(() => MasterKey.ReadFileAsync(path, ct));
        }

        var key = MasterKey.Generate();
        await Guard(() => key.WriteFileAsync(path, ct));
        return key;
    }

    /// <summary>A key next to the data it protects protects nothing once the folder is copied.</summary>
    private static void RefuseInside(string keyPath, string dataDirectory)
    {
        var dir = Path.TrimEndingDirectorySeparator(dataDirectory) + Path.DirectorySeparatorChar;
        if (keyPath.StartsWith(dir, StringComparison.Ordinal))
        {
            throw new UserInputException($"{keyPath}: the master key file must live outside the store folder {dataDirectory}.");
        }
    }

    /// <summary>Turns the store's refusals and key errors into exit code 2 with their own message.</summary>
    internal static async Task<T> Guard<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is KeyAccessException or StoreRefusedException)
        {
            throw new UserInputException(e.Message, e);
        }
    }

    internal static async Task Guard(Func<Task> action) => await Guard(async () => { await action(); return 0; });

    internal static T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (KeyAccessException e)
        {
            throw new UserInputException(e.Message, e);
        }
    }

    internal static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    internal static string Lines(IEnumerable<string> lines) => string.Join('\n', lines);

    internal static Encoding Utf8 { get; } = new UTF8Encoding(false);
}

using System.Globalization;
using Microsoft.Extensions.Options;
using Senkyo.Domain.Register;
using Senkyo.Privacy.Keys;
using Senkyo.Storage;
using Senkyo.Synthetic.Catalog;
using Senkyo.Synthetic.Residents;
using Senkyo.Web.City;

namespace Senkyo.Web.Store;

/// <summary>
/// The protected store (保護された記憶域) the application works on: opened once at start-up with the master key,
/// which lives outside the store folder (a key file or SENKYO_MASTER_KEY). With the synthetic demo city and no
/// store yet, a synthetic store is created and filled with demo residents and a 定時登録; a production store is
/// never created here — that is <c>senkyo init</c>'s job, so a missing store or key is an error, not a fresh start.
/// </summary>
public sealed partial class StoreHost(
    IOptions<SenkyoWebOptions> options,
    CityStore city,
    TimeProvider time,
    BootstrapConsole console,
    ILogger<StoreHost> logger) : IAsyncDisposable
{
    /// <summary>The actor of what the application does by itself (demo set-up), in the audit trail.</summary>
    public static AccessContext System { get; } = new("system:web", "system", "*", "demo-setup");

    private SenkyoStore? _store;

    public SenkyoStore Store => _store ?? throw new InvalidOperationException("the store is opened at start-up (StartupInitializer)");

    public bool IsSynthetic => Store.Info.Kind == StoreKind.Synthetic;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (o.DemoResidents < 0)
        {
            throw new OptionsValidationException(nameof(SenkyoWebOptions.DemoResidents), typeof(SenkyoWebOptions),
                [$"Senkyo:DemoResidents (--demo-residents) must be 0 or more, not {o.DemoResidents}."]);
        }

        // A server's store never makes its other requests wait for a bulk load (StoreOptions.ExclusiveBulkLoad).
        var storeOptions = new StoreOptions { Time = time, ExclusiveBulkLoad = false };
        var descriptor = Path.Combine(o.StorePath, StoreLocation.DescriptorFile);
        if (File.Exists(descriptor))
        {
            var location = await StoreLocation.ReadAsync(o.StorePath, cancellationToken);
            using var master = await ReadMasterKeyAsync(o, cancellationToken);
            _store = await SenkyoStore.OpenAsync(location, master, storeOptions, cancellationToken);
            if (_store.Info.Kind == StoreKind.Synthetic != city.City.IsSynthetic)
            {
                throw new StoreRefusedException($"{o.StorePath}: a {_store.Info.Kind.ToString().ToLowerInvariant()} store and a {(city.City.IsSynthetic ? "synthetic" : "production")} city do not go together.");
            }

            return;
        }

        if (!city.City.IsSynthetic)
        {
            throw new StoreRefusedException($"{o.StorePath}: no store. A production store is created with 'senkyo init --data {o.StorePath} --keys FILE' (docs/deployment.md).");
        }

        await CreateDemoAsync(o, storeOptions, cancellationToken);
    }

    private async Task CreateDemoAsync(SenkyoWebOptions o, StoreOptions storeOptions, CancellationToken cancellationToken)
    {
        var location = new StoreLocation(EngineKind.Sqlite, Path.GetFullPath(o.StorePath));
        using var master = File.Exists(o.MasterKeyPath) ? await MasterKey.ReadFileAsync(o.MasterKeyPath, cancellationToken) : MasterKey.Generate();
        if (!File.Exists(o.MasterKeyPath))
        {
            await master.WriteFileAsync(o.MasterKeyPath, cancellationToken);
        }

        _store = await SenkyoStore.CreateAsync(location, master, StoreKind.Synthetic, System, storeOptions, cancellationToken);
        var today = DateOnly.FromDateTime(time.GetUtcNow().ToOffset(TimeSpan.FromHours(9)).DateTime);
        if (o.DemoResidents > 0)
        {
            await FillDemoAsync(o, today, cancellationToken);
        }

        // The descriptor last: a start interrupted before this point leaves no half-made store behind that
        // the next start would open as if it were complete.
        await location.WriteDescriptorAsync(cancellationToken);
    }

    private async Task FillDemoAsync(SenkyoWebOptions o, DateOnly today, CancellationToken cancellationToken)
    {
        var file = Path.Combine(o.DataPath, "demo-residents.csv.tmp");
        try
        {
            await console.Writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"デモ: 合成住民 {o.DemoResidents:N0} 人を作成しています…"));
            var generator = new ResidentGenerator(city.City, SyntheticCatalog.Default, o.DemoSeed, today);
            await using (var stream = File.Create(file))
            {
                await ResidentFileWriter.WriteAsync(generator, o.DemoResidents, o.DemoSeed, stream, OutputEncoding.Parse("utf-8"), cancellationToken: cancellationToken);
            }

            var progress = new ConsoleProgress(console.Writer, o.DemoResidents, "取り込み");
            var imported = await Store.ImportResidentsAsync(System, file, city.City, Storage.Import.FileEncoding.Auto, null, progress, cancellationToken);
            var baseDate = LatestPeriodicBaseDate(today);
            var run = await Store.RegisterPeriodicAsync(System, baseDate, [], cancellationToken);
            LogDemoFilled(logger, imported.Residents, run.Registered);
            await console.Writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"デモ: {imported.Residents:N0} 人を取り込み、{baseDate:yyyy-MM-dd} の定時登録で {run.Registered:N0} 人を選挙人名簿に登録しました。"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The last 定時登録 base date (1 Mar/Jun/Sep/Dec, 法22①) on or before <paramref name="day"/>.</summary>
    public static DateOnly LatestPeriodicBaseDate(DateOnly day)
    {
        var d = new DateOnly(day.Year, day.Month, 1);
        while (!PeriodicRegistration.IsRegistrationMonth(d.Month))
        {
            d = d.AddMonths(-1);
        }

        return d;
    }

    private static async Task<MasterKey> ReadMasterKeyAsync(SenkyoWebOptions o, CancellationToken cancellationToken)
    {
        if (Environment.GetEnvironmentVariable(MasterKey.EnvironmentVariable) is { Length: > 0 } env)
        {
            return MasterKey.FromBase64(env, MasterKey.EnvironmentVariable);
        }

        return await MasterKey.ReadFileAsync(o.MasterKeyPath, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo store filled: {Imported} synthetic residents imported, {Registered} registered")]
    private static partial void LogDemoFilled(ILogger logger, long imported, long registered);

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    /// <summary>Progress of a long demo import on the console, in tenths, so 830,000 residents show that work goes on.</summary>
    private sealed class ConsoleProgress(TextWriter writer, long total, string label) : IProgress<long>
    {
        private long _lastTenth;

        public void Report(long value)
        {
            var tenth = total == 0 ? 10 : value * 10 / total;
            if (tenth > Interlocked.Exchange(ref _lastTenth, tenth))
            {
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"デモ: {label} {value:N0} / {total:N0} ({tenth * 10}%)"));
            }
        }
    }
}

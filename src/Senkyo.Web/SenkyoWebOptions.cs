namespace Senkyo.Web;

/// <summary>
/// Configuration section "Senkyo" (appsettings, environment <c>Senkyo__DataPath</c>, or
/// command line <c>--Senkyo:DataPath=…</c>); documented in docs/deployment.md.
/// </summary>
public sealed class SenkyoWebOptions
{
    public const string Section = "Senkyo";

    /// <summary>Folder for the embedded stores and keys; created on first start. Never committed.</summary>
    public string DataPath { get; set; } = "data";

    /// <summary>Profile of the synthetic demo city created on first start when no city exists.</summary>
    public string DemoProfile { get; set; } = "sakai";

    /// <summary>
    /// Synthetic residents put into a newly created demo store (command line <c>--demo-residents 830000</c> for the
    /// whole city). Small by default so the first start takes seconds.
    /// </summary>
    public long DemoResidents { get; set; } = 20_000;

    /// <summary>Seed of the demo residents: the same seed gives the same people.</summary>
    public ulong DemoSeed { get; set; } = 20261128;

    /// <summary>The protected store's folder (its store.json names the engine); default <c>DataPath/store</c>.</summary>
    public string? Store { get; set; }

    /// <summary>
    /// The master key file, outside the store folder (or the key itself in SENKYO_MASTER_KEY). The demo default
    /// keeps it in the data folder; a deployment puts it elsewhere (docs/deployment.md).
    /// </summary>
    public string? MasterKey { get; set; }

    public SignInOptions SignIn { get; set; } = new();

    public SessionOptions Session { get; set; } = new();

    public InputLimits Limits { get; set; } = new();

    public string AccountsDatabasePath => Path.Combine(DataPath, "accounts.db");

    public string CityFilePath => Path.Combine(DataPath, "city.json");

    public string KeysPath => Path.Combine(DataPath, "keys");

    public string StorePath => Store ?? Path.Combine(DataPath, "store");

    public string MasterKeyPath => MasterKey ?? Path.Combine(DataPath, "master.key");
}

public sealed class SignInOptions
{
    /// <summary>Consecutive failed passwords or codes before the account locks.</summary>
    public int MaxFailedAttempts { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Sign-in requests (GET and POST) one client address may make per minute.</summary>
    public int RequestsPerMinutePerAddress { get; set; } = 30;

    /// <summary>Searches one account may make per minute (the "search" limiter, used by the register screens).</summary>
    public int SearchesPerMinutePerAccount { get; set; } = 120;
}

public sealed class SessionOptions
{
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long a half-finished sign-in (password done, code not yet) stays valid.</summary>
    public TimeSpan PendingSignInTimeout { get; set; } = TimeSpan.FromMinutes(10);
}

public sealed class InputLimits
{
    /// <summary>Largest request body accepted; the file upload of 名簿の取込 has its own limit, <see cref="MaxUploadBytes"/>.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Largest resident or change file 名簿の取込 (/register/import) accepts. The file is streamed to the data folder,
    /// never held in memory. 512 MiB takes a whole designated city (830,000 residents are about 190 MB); a
    /// metropolis raises it.
    /// </summary>
    public long MaxUploadBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Longest single form or query value, in UTF-16 code units.</summary>
    public int MaxFieldLength { get; set; } = 2000;

    public int MaxFormFields { get; set; } = 100;
}

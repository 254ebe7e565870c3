using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

[assembly: AssemblyFixture(typeof(Senkyo.Storage.Tests.PostgresServer))]

namespace Senkyo.Storage.Tests;

/// <summary>
/// A real PostgreSQL for the test run: found through <c>pg_config --bindir</c> or <c>/usr/lib/postgresql/*/bin</c>,
/// <c>initdb</c> into a temporary folder, started on a free loopback port, stopped and removed at the end.
/// When the test process is root, the cluster runs as the <c>postgres</c> system user (initdb refuses root).
/// Absent binaries make the PostgreSQL tests skip with the reason, or fail when CI=true.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private string? _binDir;
    private string? _root;
    private string? _dataDir;
    private bool _asPostgresUser;

    public string? Unavailable { get; private set; }

    public int Port { get; private set; }

    public string DataDirectory => _dataDir ?? throw new InvalidOperationException("PostgreSQL is not running.");

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "senkyo", Database = database, Pooling = true, MaxPoolSize = 20, Timeout = 30, CommandTimeout = 120 }.ToString();

    /// <summary>Skips the calling test with the reason when PostgreSQL is absent; fails instead when CI=true.</summary>
    public void Require()
    {
        if (Unavailable is null)
        {
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"PostgreSQL is required when CI=true: {Unavailable}");
        }

        Assert.Skip($"PostgreSQL tests skipped: {Unavailable}");
    }

    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        Require();
        var name = "t" + Guid.NewGuid().ToString("N")[..16];
        await using var c = new NpgsqlConnection(ConnectionString("postgres"));
        await c.OpenAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", c);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        return ConnectionString(name);
    }

    public async ValueTask InitializeAsync()
    {
        _binDir = FindBinaries();
        if (_binDir is null)
        {
            Unavailable = "no PostgreSQL binaries (initdb) found via pg_config --bindir or /usr/lib/postgresql/*/bin";
            return;
        }

        _asPostgresUser = Environment.UserName == "root";
        _root = Directory.CreateTempSubdirectory("senkyo-pg-").FullName;
        _dataDir = Path.Combine(_root, "data");
        if (_asPostgresUser && !OperatingSystem.IsWindows())
        {
            // The postgres user must own the folder and be able to reach it.
            File.SetUnixFileMode(_root, (UnixFileMode)0b111_101_101);
            var chown = await RunAsync("chown", ["-R", "postgres:postgres", _root], asPostgres: false);
            if (chown.Code != 0)
            {
                Unavailable = $"cannot hand {_root} to the postgres user: {chown.Output}";
                return;
            }
        }

        var init = await RunAsync(Path.Combine(_binDir, "initdb"), ["-D", _dataDir, "-U", "senkyo", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"], _asPostgresUser);
        if (init.Code != 0)
        {
            Unavailable = $"initdb failed: {init.Output}";
            return;
        }

        Port = FreePort();
        // fsync off: a killed test client never needs the server's own crash durability, and it keeps tests quick.
        var options = $"-p {Port.ToString(CultureInfo.InvariantCulture)} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=100";
        var start = await RunAsync(Path.Combine(_binDir, "pg_ctl"), ["-D", _dataDir, "-l", Path.Combine(_root, "server.log"), "-o", options, "-w", "-t", "60", "start"], _asPostgresUser);
        if (start.Code != 0)
        {
            var log = File.Exists(Path.Combine(_root, "server.log")) ? await File.ReadAllTextAsync(Path.Combine(_root, "server.log")) : "";
            Unavailable = $"pg_ctl start failed: {start.Output} {log}";
        }
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_binDir is not null && _dataDir is not null && Unavailable is null)
        {
            await RunAsync(Path.Combine(_binDir, "pg_ctl"), ["-D", _dataDir, "-m", "immediate", "-w", "stop"], _asPostgresUser);
        }

        if (_root is not null && Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static string? FindBinaries()
    {
        try
        {
            var psi = new ProcessStartInfo("pg_config", "--bindir") { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi);
            if (p is not null)
            {
                var dir = p.StandardOutput.ReadToEnd().Trim();
                p.WaitForExit();
                if (p.ExitCode == 0 && File.Exists(Path.Combine(dir, "initdb")))
                {
                    return dir;
                }
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // pg_config not installed: fall through to the Debian layout.
        }

        const string debian = "/usr/lib/postgresql";
        return Directory.Exists(debian)
            ? Directory.GetDirectories(debian)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string[] args, bool asPostgres)
    {
        var psi = asPostgres ? new ProcessStartInfo("runuser") : new ProcessStartInfo(file);
        if (asPostgres)
        {
            foreach (var a in (string[])["-u", "postgres", "--", file])
            {
                psi.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.WorkingDirectory = Path.GetTempPath();
        using var p = Process.Start(psi)!;
        // pg_ctl start leaves the server holding inherited pipes: read stdout/stderr only until the launcher exits.
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(2000));
        var output = stdout.IsCompleted && stderr.IsCompleted ? await stdout + await stderr : "";
        return (p.ExitCode, output.Trim());
    }
}

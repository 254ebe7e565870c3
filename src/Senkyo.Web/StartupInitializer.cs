using Microsoft.Extensions.Options;
using Senkyo.Domain.Text;
using Senkyo.Web.Accounts;
using Senkyo.Web.City;
using Senkyo.Web.Store;

namespace Senkyo.Web;

/// <summary>Where the first administrator's one-time password goes: the console, never the log.</summary>
public sealed record BootstrapConsole(TextWriter Writer);

/// <summary>
/// First-start work, before the server takes requests: checks ICU, creates the data folder, the
/// accounts store, the demo city, and the first administrator (printing its one-time password once).
/// </summary>
public sealed partial class StartupInitializer(
    IOptions<SenkyoWebOptions> options,
    IAccountStore accounts,
    CityStore city,
    StoreHost store,
    AccountService service,
    BootstrapConsole console,
    ILogger<StartupInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        GlobalizationCheck.EnsureIcu();
        Directory.CreateDirectory(options.Value.DataPath);
        await accounts.InitializeAsync(cancellationToken);
        await city.InitializeAsync(cancellationToken);
        await store.InitializeAsync(cancellationToken);
        if (await service.BootstrapAdministratorAsync(cancellationToken) is { } password)
        {
            LogAdminCreated(logger);
            await console.Writer.WriteLineAsync($"""

                ==================================================================
                 初回起動: システム管理者アカウントを作成しました
                 ユーザー名: admin
                 一時パスワード: {password}
                 このパスワードは一度だけ表示されます。最初のサインインで変更し、
                 二要素認証（認証アプリ）を登録してください。
                ==================================================================

                """);
            await console.Writer.FlushAsync(cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the first administrator account 'admin'; its one-time password went to the console only")]
    private static partial void LogAdminCreated(ILogger logger);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

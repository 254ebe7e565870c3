using System.Security.Cryptography;
using Senkyo.Web.Accounts;

namespace Senkyo.Web.Tests;

/// <summary>Password hashing and policy, one-time passwords, and the SQLite account store on a real file.</summary>
public sealed class AccountPartsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "senkyo-accounts-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void Passwords_are_hashed_with_PBKDF2_SHA256_at_600000_iterations_and_a_salt_of_their_own()
    {
        var hasher = new PasswordHasher();
        var a = hasher.Hash("桜の咲く坂道を歩く");
        var b = hasher.Hash("桜の咲く坂道を歩く");
        Assert.True(a.Iterations >= 600_000);
        Assert.Equal(16, a.Salt.Length);
        Assert.NotEqual(a.Salt, b.Salt);
        Assert.NotEqual(a.Hash, b.Hash);
        var expected = Rfc2898DeriveBytes.Pbkdf2("桜の咲く坂道を歩く"u8.ToArray(), a.Salt, 600_000, HashAlgorithmName.SHA256, 32);
        Assert.Equal(expected, a.Hash);
        Assert.True(hasher.Verify("桜の咲く坂道を歩く", a));
        Assert.False(hasher.Verify("桜の咲く坂道を歩いた", a));
        Assert.False(hasher.VerifyDecoy("anything at all"));
    }

    [Theory]
    [InlineData("", "パスワードを入力してください")]
    [InlineData("seven77", "8文字以上")]
    [InlineData("baseball", "よく使われる")]
    [InlineData("PASSWORD123", "よく使われる")]
    [InlineData("hanako.sato", "ユーザー名と同じ")]
    public void The_policy_refuses_with_a_reason(string password, string reason)
    {
        var problem = new PasswordPolicy().Check(password, "hanako.sato");
        Assert.NotNull(problem);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("さくらさくら")] // 6 kana: too short even though 18 UTF-8 bytes
    public void Length_counts_characters_not_bytes(string password) =>
        Assert.Contains("8文字以上", new PasswordPolicy().Check(password, "x"), StringComparison.Ordinal);

    [Theory]
    [InlineData("correct horse battery")]
    [InlineData("桜の咲く坂道を歩く")]
    [InlineData("zq8#mvvb")]
    public void The_policy_has_no_composition_rules(string password) =>
        Assert.Null(new PasswordPolicy().Check(password, "hanako.sato"));

    [Fact]
    public void The_common_list_holds_ten_thousand_and_a_password_alone_needs_fifteen()
    {
        var policy = new PasswordPolicy();
        Assert.Equal(10_000, policy.CommonPasswordCount);
        Assert.NotNull(policy.Check("fourteen chars", "x", withSecondFactor: false));
        Assert.Null(policy.Check("fifteen chars!!", "x", withSecondFactor: false));
    }

    [Fact]
    public void One_time_passwords_are_long_enough_to_be_used_without_a_second_factor()
    {
        var policy = new PasswordPolicy();
        var seen = new HashSet<string>();
        for (var i = 0; i < 50; i++)
        {
            var p = OneTimePassword.Generate();
            Assert.Null(policy.Check(p, "admin", withSecondFactor: false));
            Assert.True(seen.Add(p));
        }
    }

    [Fact]
    public async Task The_store_round_trips_an_account_and_refuses_a_duplicate_name()
    {
        var store = new SqliteAccountStore(Path.Combine(_dir, "accounts.db"));
        await store.InitializeAsync(Ct);
        await store.InitializeAsync(Ct); // idempotent
        var now = new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.FromHours(9));
        var account = new Account(0, "Hanako", "佐藤 花子", StaffRole.Reception, ["271411", "271412"], "271411-01-P",
            new PasswordHash([1, 2], 600_000, [3, 4]), true, null, [9, 9], 5, 2, now.AddMinutes(15), false, "STAMP", now, null);
        var saved = await store.InsertAsync(account, Ct);
        Assert.True(saved.Id > 0);

        var loaded = await store.FindByUserNameAsync("hanako", Ct);
        Assert.NotNull(loaded);
        Assert.Equal(saved.Id, loaded.Id);
        Assert.Equal(["271411", "271412"], loaded.WardCodes);
        Assert.Equal(now, loaded.CreatedAt);
        Assert.Equal(now.AddMinutes(15), loaded.LockedUntil);
        Assert.Equal(new byte[] { 9, 9 }, loaded.PendingTotpSecret);
        Assert.Null(loaded.TotpSecret);
        Assert.Equal(StaffRole.Reception, loaded.Role);

        await Assert.ThrowsAsync<DuplicateUserNameException>(() => store.InsertAsync(account with { UserName = "HANAKO" }, Ct));
    }

    [Fact]
    public async Task A_time_step_is_consumed_once_and_never_goes_back()
    {
        var store = new SqliteAccountStore(Path.Combine(_dir, "accounts.db"));
        await store.InitializeAsync(Ct);
        var now = DateTimeOffset.UnixEpoch;
        var a = await store.InsertAsync(new Account(0, "u", "u", StaffRole.Auditor, ["271411"], null,
            new PasswordHash([1], 600_000, [2]), false, [1], null, 0, 0, null, false, "S", now, null), Ct);
        Assert.True(await store.TryConsumeTotpStepAsync(a.Id, 100, Ct));
        Assert.False(await store.TryConsumeTotpStepAsync(a.Id, 100, Ct));
        Assert.False(await store.TryConsumeTotpStepAsync(a.Id, 99, Ct));
        // A whole-row update made from an older read does not roll the step back.
        await store.UpdateAsync(a with { DisplayName = "changed" }, Ct);
        Assert.False(await store.TryConsumeTotpStepAsync(a.Id, 100, Ct));
        Assert.True(await store.TryConsumeTotpStepAsync(a.Id, 101, Ct));
    }

    [Fact]
    public async Task Events_filter_by_time_actor_and_action()
    {
        var store = new SqliteAccountStore(Path.Combine(_dir, "accounts.db"));
        await store.InitializeAsync(Ct);
        var t = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        await store.AppendEventAsync(new AccountEvent(0, t, "admin", "account.created", "clerk", "127.0.0.1", null), Ct);
        await store.AppendEventAsync(new AccountEvent(0, t.AddDays(1), "clerk", "signin.success", "clerk", null, null), Ct);
        await store.AppendEventAsync(new AccountEvent(0, t.AddDays(2), "other", "signin.bad-password", "other", null, null), Ct);
        Assert.Equal(2, (await store.ListEventsAsync(new AccountEventQuery(null, null, "clerk", null), Ct)).Count);
        Assert.Single(await store.ListEventsAsync(new AccountEventQuery(t.AddHours(1), t.AddDays(2), null, null), Ct));
        Assert.Single(await store.ListEventsAsync(new AccountEventQuery(null, null, null, "signin.bad-password"), Ct));
    }
}

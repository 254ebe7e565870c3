using Senkyo.Privacy.Encryption;
using Senkyo.Privacy.Keys;

namespace Senkyo.Privacy.Tests;

public sealed class KeyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("senkyo-keys-").FullName;

    [Fact]
    public async Task Key_file_is_created_0600_and_reads_back()
    {
        using var key = MasterKey.Generate();
        var path = Path.Combine(_dir, "master.key");
        await key.WriteFileAsync(path, TestContext.Current.CancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        using var read = await MasterKey.ReadFileAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(key.Id, read.Id);
    }

    [Fact]
    public async Task Key_file_readable_by_group_or_others_is_refused()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes do not exist on Windows.");
        using var key = MasterKey.Generate();
        var path = Path.Combine(_dir, "loose.key");
        await key.WriteFileAsync(path, TestContext.Current.CancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        }

        var e = await Assert.ThrowsAsync<KeyAccessException>(() => MasterKey.ReadFileAsync(path, TestContext.Current.CancellationToken));
        Assert.Contains("chmod 600", e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Existing_key_file_is_never_overwritten()
    {
        using var key = MasterKey.Generate();
        var path = Path.Combine(_dir, "once.key");
        await key.WriteFileAsync(path, TestContext.Current.CancellationToken);
        using var other = MasterKey.Generate();
        await Assert.ThrowsAsync<KeyAccessException>(() => other.WriteFileAsync(path, TestContext.Current.CancellationToken));
        using var read = await MasterKey.ReadFileAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(key.Id, read.Id);
    }

    [Fact]
    public void Malformed_environment_key_names_its_source()
    {
        var e = Assert.Throws<KeyAccessException>(() => MasterKey.FromBase64("not base64!", MasterKey.EnvironmentVariable));
        Assert.Contains(MasterKey.EnvironmentVariable, e.Message, StringComparison.Ordinal);
        Assert.Throws<KeyAccessException>(() => MasterKey.FromBase64(Convert.ToBase64String(new byte[16]), "env"));
    }

    [Fact]
    public void Wrong_master_key_is_refused_naming_the_expected_key()
    {
        using var master = MasterKey.Generate();
        using var wrong = MasterKey.Generate();
        var (ring, wrapped) = KeyRing.CreateNew("s1", master, TimeProvider.System);
        ring.Dispose();
        var e = Assert.Throws<KeyAccessException>(() => KeyRing.Open("s1", wrong, wrapped, TimeProvider.System));
        Assert.Contains(master.Id, e.Message, StringComparison.Ordinal);
        Assert.Contains(wrong.Id, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrapped_keys_are_bound_to_their_store_and_purpose()
    {
        using var master = MasterKey.Generate();
        var (ring, wrapped) = KeyRing.CreateNew("s1", master, TimeProvider.System);
        ring.Dispose();
        Assert.Throws<KeyAccessException>(() => KeyRing.Open("s2", master, wrapped, TimeProvider.System));
        var swapped = wrapped.Select(w => w.Purpose == KeyPurpose.IdentityEncryption
            ? w with { Wrapped = wrapped.Single(x => x.Purpose == KeyPurpose.HealthEncryption).Wrapped }
            : w);
        Assert.Throws<KeyAccessException>(() => KeyRing.Open("s1", master, swapped, TimeProvider.System));
    }

    [Fact]
    public void Rewrapping_under_a_new_master_keeps_every_ciphertext_readable()
    {
        using var master = MasterKey.Generate();
        using var next = MasterKey.Generate();
        var (ring, _) = KeyRing.CreateNew("s1", master, TimeProvider.System);
        byte[] blob;
        IReadOnlyList<WrappedKey> rewrapped;
        var context = new FieldContext("person", "identity", 3);
        using (ring)
        {
            blob = new FieldCipher(ring).Encrypt(KeyPurpose.IdentityEncryption, context, "鈴木"u8);
            rewrapped = ring.RewrapAll(next);
        }

        Assert.All(rewrapped, w => Assert.Equal(next.Id, w.MasterKeyId));
        Assert.Throws<KeyAccessException>(() => KeyRing.Open("s1", master, rewrapped, TimeProvider.System));
        using var reopened = KeyRing.Open("s1", next, rewrapped, TimeProvider.System);
        Assert.Equal("鈴木"u8.ToArray(), new FieldCipher(reopened).Decrypt(KeyPurpose.IdentityEncryption, context, blob));
    }

    [Fact]
    public void Audit_signing_key_signs_and_its_public_key_verifies()
    {
        using var ring = TestKeys.NewRing();
        using var signer = ring.CreateAuditSigner();
        var cp = Audit.Checkpoint.Sign("s", 3, new byte[32], DateTimeOffset.UnixEpoch, signer);
        Assert.True(cp.SignatureIsValid());
        Assert.False((cp with { Size = 4 }).SignatureIsValid());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}

using System.Security.Cryptography;
using CsCheck;
using Senkyo.Privacy.Keys;
using Senkyo.Privacy.Native;

namespace Senkyo.Privacy.Tests;

/// <summary>
/// The direct libcrypto paths must be .NET's HMAC-SHA256 and AES-GCM, byte for byte: blind indexes computed either way
/// must match, and every ciphertext must open under <see cref="AesGcm"/>, which does all decryption.
/// </summary>
public sealed class NativeCryptoTests
{
    private static LibCrypto Crypto =>
        LibCrypto.Instance ?? throw new InvalidOperationException("libcrypto was not bound on this Linux machine: the blind indexes run on .NET's slower wrappers.");

    [Fact]
    public void Linux_binds_libcrypto_so_the_import_takes_the_fast_path()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "libcrypto is bound only on Linux; elsewhere .NET's HMAC is the one path.");
        Assert.NotNull(LibCrypto.Instance);
    }

    [Fact]
    public void Equals_dotnet_hmac_for_any_key_and_message()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "libcrypto is bound only on Linux.");
        Gen.Select(Gen.Byte.Array[1, 200], Gen.Byte.Array[0, 300]).Sample((key, message) =>
        {
            using var mac = new NativeHmacSha256(Crypto, key);
            var actual = new byte[32];
            mac.Compute(message, actual);
            Assert.Equal(HMACSHA256.HashData(key, message), actual);
            mac.Compute(message, actual); // the saved pads are unchanged by a MAC
            Assert.Equal(HMACSHA256.HashData(key, message), actual);
        });
    }

    [Fact]
    public void Rfc_4231_test_case_2()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "libcrypto is bound only on Linux.");
        using var mac = new NativeHmacSha256(Crypto, "Jefe"u8);
        var actual = new byte[32];
        mac.Compute("what do ya want for nothing?"u8, actual);
        Assert.Equal("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", Convert.ToHexStringLower(actual));
    }

    [Fact]
    public void A_disposed_mac_refuses_instead_of_hashing_wiped_pads()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "libcrypto is bound only on Linux.");
        var mac = new NativeHmacSha256(Crypto, [1, 2, 3]);
        mac.Dispose();
        Assert.Throws<ObjectDisposedException>(() => mac.Compute([4], new byte[32]));
    }

    [Fact]
    public void Gcm_encryption_equals_dotnet_aes_gcm_and_opens_under_it()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "libcrypto is bound only on Linux.");
        Gen.Select(Gen.Byte.Array[32], Gen.Byte.Array[12], Gen.Byte.Array[0, 700], Gen.Byte.Array[0, 80]).Sample((key, nonce, plaintext, ad) =>
        {
            using var native = new NativeGcmEncryptor(Crypto, key);
            using var aes = new AesGcm(key, 16);
            var (ciphertext, tag) = (new byte[plaintext.Length], new byte[16]);
            var (expected, expectedTag) = (new byte[plaintext.Length], new byte[16]);
            native.Encrypt(nonce, plaintext, ciphertext, tag, ad);
            aes.Encrypt(nonce, plaintext, expected, expectedTag, ad);
            Assert.Equal(expected, ciphertext);
            Assert.Equal(expectedTag, tag);
            var opened = new byte[plaintext.Length];
            aes.Decrypt(nonce, ciphertext, tag, opened, ad);
            Assert.Equal(plaintext, opened);
        });
    }

    [Fact]
    public void A_disposed_gcm_context_refuses_to_encrypt()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "libcrypto is bound only on Linux.");
        var native = new NativeGcmEncryptor(Crypto, new byte[32]);
        native.Dispose();
        Assert.Throws<ObjectDisposedException>(() => native.Encrypt(new byte[12], [1], new byte[1], new byte[16], []));
    }

    [Fact]
    public void A_data_key_macs_from_many_threads_as_from_one()
    {
        using var ring = TestKeys.NewRing();
        var key = ring.Active(KeyPurpose.KanaNameIndex);
        var messages = Enumerable.Range(0, 2_000).Select(i => BitConverter.GetBytes(i * 7919L)).ToArray();
        var expected = messages.Select(m => Mac(key, m)).ToArray();
        var actual = new byte[messages.Length][];
        Parallel.For(0, messages.Length, i => actual[i] = Mac(key, messages[i]));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void A_disposed_data_key_computes_no_mac()
    {
        using var ring = TestKeys.NewRing();
        var key = ring.Active(KeyPurpose.BirthDateIndex);
        _ = Mac(key, [1]);
        key.Dispose();
        Assert.Throws<ObjectDisposedException>(() => Mac(key, [1]));
    }

    /// <summary>
    /// A key disposed while it is first used (a cipher or MAC is made from its bytes as they are wiped) must refuse,
    /// never encrypt under zeros: every ciphertext and MAC that comes out is under the real key.
    /// </summary>
    [Fact]
    public async Task A_key_disposed_while_first_used_never_encrypts_or_macs_under_a_wiped_key()
    {
        var (encrypted, macs) = (0, 0);
        for (var i = 0; i < 10_000; i++)
        {
            var bytes = RandomNumberGenerator.GetBytes(32);
            var real = (byte[])bytes.Clone();
            var aead = new DataKey(KeyPurpose.IdentityEncryption, 1, bytes, KeyState.Active, 0, long.MaxValue);
            var mac = new DataKey(KeyPurpose.KanaNameIndex, 1, (byte[])real.Clone(), KeyState.Active, 0, long.MaxValue);
            var plaintext = BitConverter.GetBytes(i);
            var (nonce, sealedText, tag, digest) = (new byte[12], new byte[plaintext.Length], new byte[16], new byte[32]);
            var started = new CountdownEvent(2);
            var encrypting = Task.Run(() => Try(started, () => aead.Encrypt(nonce, plaintext, sealedText, tag, [])));
            var hashing = Task.Run(() => Try(started, () => mac.ComputeMac(plaintext, digest)));
            started.Wait(TestContext.Current.CancellationToken);
            Thread.SpinWait(i % 400); // land the wipe at every point of the first use
            aead.Dispose();
            mac.Dispose();
            if (await encrypting)
            {
                encrypted++;
                using var aes = new AesGcm(real, 16);
                var opened = new byte[plaintext.Length];
                aes.Decrypt(nonce, sealedText, tag, opened); // throws if sealed under any other key
                Assert.Equal(plaintext, opened);
            }

            if (await hashing)
            {
                macs++;
                Assert.Equal(HMACSHA256.HashData(real, plaintext), digest);
            }
        }

        // Both outcomes occur: some operations finish before the disposal, some are refused.
        Assert.True(encrypted > 0 && macs > 0, $"{encrypted} encryptions and {macs} MACs finished");

        static bool Try(CountdownEvent started, Action action)
        {
            started.Signal();
            try
            {
                action();
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }

    private static byte[] Mac(DataKey key, byte[] message)
    {
        var mac = new byte[32];
        key.ComputeMac(message, mac);
        return mac;
    }
}

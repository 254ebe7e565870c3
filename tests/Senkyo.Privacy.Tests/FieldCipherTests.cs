using System.Text;
using CsCheck;
using Senkyo.Privacy.Encryption;
using Senkyo.Privacy.Keys;

namespace Senkyo.Privacy.Tests;

public sealed class FieldCipherTests
{
    private static readonly Gen<string> Table = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz_"], 1, 12];

    [Fact]
    public void Encrypt_then_decrypt_returns_the_plaintext()
    {
        using var ring = TestKeys.NewRing();
        var cipher = new FieldCipher(ring);
        Gen.Select(Gen.Byte.Array[0, 300], Table, Gen.Long[1, long.MaxValue]).Sample((plain, table, row) =>
        {
            var context = new FieldContext(table, "identity", row);
            var blob = cipher.Encrypt(KeyPurpose.IdentityEncryption, context, plain);
            Assert.Equal(plain, cipher.Decrypt(KeyPurpose.IdentityEncryption, context, blob));
        }, iter: 500);
    }

    [Fact]
    public void Ciphertext_moved_to_another_row_table_group_or_key_version_fails()
    {
        using var ring = TestKeys.NewRing();
        var cipher = new FieldCipher(ring);
        Gen.Select(Gen.Byte.Array[1, 100], Gen.Long[1, long.MaxValue - 1], Gen.Int[0, 3]).Sample((plain, row, move) =>
        {
            var context = new FieldContext("person", "identity", row);
            var blob = cipher.Encrypt(KeyPurpose.IdentityEncryption, context, plain);
            var moved = move switch
            {
                0 => context with { RowId = row + 1 },
                1 => context with { Table = "person_x" },
                2 => context with { Group = "health" },
                _ => context,
            };
            if (move == 3)
            {
                // Relabel the ciphertext as written under another key version: the version is in the associated data.
                blob[4] ^= 1;
            }

            Assert.ThrowsAny<Exception>(() => cipher.Decrypt(KeyPurpose.IdentityEncryption, moved, blob));
        }, iter: 300);
    }

    [Fact]
    public void Any_flipped_bit_fails_authentication()
    {
        using var ring = TestKeys.NewRing();
        var cipher = new FieldCipher(ring);
        var context = new FieldContext("person", "identity", 7);
        var blob = cipher.Encrypt(KeyPurpose.IdentityEncryption, context, "山田|ヤマダ|1980-01-02"u8);
        for (var i = 0; i < blob.Length * 8; i++)
        {
            var copy = (byte[])blob.Clone();
            copy[i / 8] ^= (byte)(1 << (i % 8));
            Assert.ThrowsAny<Exception>(() => cipher.Decrypt(KeyPurpose.IdentityEncryption, context, copy));
        }
    }

    [Fact]
    public void Health_data_is_not_readable_with_the_identity_key()
    {
        using var ring = TestKeys.NewRing();
        var cipher = new FieldCipher(ring);
        var context = new FieldContext("person", "health", 1);
        var blob = cipher.Encrypt(KeyPurpose.HealthEncryption, context, "要介護5"u8);
        Assert.Throws<TamperedDataException>(() => cipher.Decrypt(KeyPurpose.IdentityEncryption, context, blob));
        Assert.Equal("要介護5", Encoding.UTF8.GetString(cipher.Decrypt(KeyPurpose.HealthEncryption, context, blob)));
    }

    [Fact]
    public void Nonces_do_not_repeat_and_equal_plaintexts_give_different_ciphertexts()
    {
        using var ring = TestKeys.NewRing();
        var cipher = new FieldCipher(ring);
        var context = new FieldContext("person", "identity", 1);
        var nonces = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 10_000; i++)
        {
            var blob = cipher.Encrypt(KeyPurpose.IdentityEncryption, context, "same"u8);
            Assert.True(nonces.Add(Convert.ToHexString(blob, 5, 12)));
        }
    }

    [Fact]
    public void Encryption_stops_at_the_nonce_bound_until_the_key_is_rotated()
    {
        using var master = MasterKey.Generate();
        var (ring, _) = KeyRing.CreateNew("s", master, TimeProvider.System, new KeyRingOptions { MaxEncryptionsPerKey = 3 });
        using (ring)
        {
            var cipher = new FieldCipher(ring);
            var context = new FieldContext("person", "identity", 1);
            for (var i = 0; i < 3; i++)
            {
                cipher.Encrypt(KeyPurpose.IdentityEncryption, context, "x"u8);
            }

            var e = Assert.Throws<KeyAccessException>(() => cipher.Encrypt(KeyPurpose.IdentityEncryption, context, "x"u8));
            Assert.Contains("rotate", e.Message, StringComparison.Ordinal);
            var old = cipher.Encrypt(KeyPurpose.HealthEncryption, context, "y"u8);
            ring.AddVersion(master, KeyPurpose.IdentityEncryption);
            var blob = cipher.Encrypt(KeyPurpose.IdentityEncryption, context, "x"u8);
            Assert.Equal(2, FieldCipher.KeyVersionOf(blob));
            Assert.Equal("y"u8.ToArray(), cipher.Decrypt(KeyPurpose.HealthEncryption, context, old));
        }
    }

    [Fact]
    public void Field_groups_round_trip_with_nulls_and_any_text()
    {
        Gen.String.Null(0.2).Array[0, 20].Sample(fields =>
            Assert.Equal(fields, FieldGroupCodec.Decode(FieldGroupCodec.Encode(fields))), iter: 500);
    }
}

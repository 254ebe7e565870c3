using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Senkyo.Privacy.Keys;

namespace Senkyo.Privacy.Encryption;

/// <summary>Where a ciphertext belongs: bound into the GCM associated data so it fails anywhere else.</summary>
public readonly record struct FieldContext(string Table, string Group, long RowId);

/// <summary>
/// Field-group encryption (項目暗号化): AES-256-GCM, one ciphertext per sensitivity class per row.
/// Layout: format byte (1) | key version (uint32 BE) | nonce (12) | tag (16) | ciphertext.
/// The associated data is <c>senkyo/field/v1|table|group|row id|key version</c>: a ciphertext copied to another
/// row, another group or relabelled with another key version fails authentication instead of decrypting.
/// Nonces are a per-instance random 64-bit prefix and a 32-bit counter (see <see cref="DataKey"/>), and every
/// encryption counts against the key's bound (see <see cref="KeyRingOptions"/>).
/// </summary>
public sealed class FieldCipher(KeyRing ring)
{
    internal const int TagSize = 16;
    private const int NonceSize = 12;
    private const byte Format = 1;
    private const int HeaderSize = 1 + 4 + NonceSize + TagSize;

    public static int Overhead => HeaderSize;

    public byte[] Encrypt(KeyPurpose purpose, FieldContext context, ReadOnlySpan<byte> plaintext)
    {
        if (!purpose.IsEncryption())
        {
            throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "Not an encryption key purpose.");
        }

        var key = ring.Active(purpose);
        key.ReserveNonces(1);
        var output = new byte[HeaderSize + plaintext.Length];
        output[0] = Format;
        BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(1, 4), (uint)key.Version);
        var nonce = output.AsSpan(5, NonceSize);
        key.NextNonce(nonce);
        Span<byte> ad = stackalloc byte[AssociatedDataLength(context)];
        WriteAssociatedData(context, key.Version, ad);
        key.Encrypt(nonce, plaintext, output.AsSpan(HeaderSize), output.AsSpan(5 + NonceSize, TagSize), ad);

        return output;
    }

    public byte[] Decrypt(KeyPurpose purpose, FieldContext context, ReadOnlySpan<byte> blob)
    {
        if (blob.Length < HeaderSize || blob[0] != Format)
        {
            throw new TamperedDataException($"Ciphertext of {context.Table}.{context.Group} row {context.RowId} is malformed.");
        }

        var version = (int)BinaryPrimitives.ReadUInt32BigEndian(blob.Slice(1, 4));
        DataKey key;
        try
        {
            key = ring.Get(purpose, version);
        }
        catch (KeyAccessException e)
        {
            throw new TamperedDataException($"Ciphertext of {context.Table}.{context.Group} row {context.RowId} names key version {version}, which the store does not have.", e);
        }

        var plaintext = new byte[blob.Length - HeaderSize];
        Span<byte> ad = stackalloc byte[AssociatedDataLength(context)];
        WriteAssociatedData(context, version, ad);
        var aes = key.RentCipher();
        try
        {
            aes.Decrypt(blob.Slice(5, NonceSize), blob[HeaderSize..], blob.Slice(5 + NonceSize, TagSize), plaintext, ad);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new TamperedDataException($"Ciphertext of {context.Table}.{context.Group} row {context.RowId} does not authenticate: altered, moved from another row or column, or under another key.", e);
        }
        finally
        {
            key.ReturnCipher(aes);
        }

        return plaintext;
    }

    /// <summary>The key version a ciphertext was written under, read from its header without decrypting.</summary>
    public static int KeyVersionOf(ReadOnlySpan<byte> blob) =>
        blob.Length >= HeaderSize ? (int)BinaryPrimitives.ReadUInt32BigEndian(blob.Slice(1, 4)) : 0;

    private static int AssociatedDataLength(FieldContext c) =>
        "senkyo/field/v1|".Length + Encoding.UTF8.GetByteCount(c.Table) + 1 + Encoding.UTF8.GetByteCount(c.Group) + 1 + 20 + 1 + 10;

    private static void WriteAssociatedData(FieldContext c, int version, Span<byte> ad)
    {
        // Fixed-width decimal row id and version keep the encoding unambiguous and the span length exact.
        var n = Encoding.UTF8.GetBytes("senkyo/field/v1|", ad);
        n += Encoding.UTF8.GetBytes(c.Table, ad[n..]);
        ad[n++] = (byte)'|';
        n += Encoding.UTF8.GetBytes(c.Group, ad[n..]);
        ad[n++] = (byte)'|';
        c.RowId.TryFormat(ad.Slice(n, 20), out _, "D20", System.Globalization.CultureInfo.InvariantCulture);
        n += 20;
        ad[n++] = (byte)'|';
        version.TryFormat(ad.Slice(n, 10), out _, "D10", System.Globalization.CultureInfo.InvariantCulture);
    }
}

using System.Security.Cryptography;
using System.Text;

namespace Senkyo.Privacy.Keys;

/// <summary>
/// Wraps data keys under the master key with AES-256-GCM. The associated data names the store, purpose and
/// version, so a wrapped key copied to another row or store does not unwrap.
/// </summary>
internal static class KeyWrapping
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static byte[] Wrap(MasterKey master, string storeId, KeyPurpose purpose, int version, ReadOnlySpan<byte> key)
    {
        var output = new byte[NonceSize + TagSize + key.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(master.Bytes, TagSize);
        aes.Encrypt(nonce, key, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), AssociatedData(storeId, purpose, version));
        return output;
    }

    public static byte[] Unwrap(MasterKey master, string storeId, KeyPurpose purpose, int version, byte[] wrapped)
    {
        if (wrapped.Length < NonceSize + TagSize)
        {
            throw new KeyAccessException($"Wrapped key {purpose.Code()} v{version} is truncated.");
        }

        var key = new byte[wrapped.Length - NonceSize - TagSize];
        using var aes = new AesGcm(master.Bytes, TagSize);
        try
        {
            aes.Decrypt(wrapped.AsSpan(0, NonceSize), wrapped.AsSpan(NonceSize + TagSize), wrapped.AsSpan(NonceSize, TagSize), key, AssociatedData(storeId, purpose, version));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new KeyAccessException($"Data key {purpose.Code()} v{version} does not unwrap under master key {master.Id}: wrong key or altered key table.", e);
        }

        return key;
    }

    private static byte[] AssociatedData(string storeId, KeyPurpose purpose, int version) =>
        Encoding.UTF8.GetBytes($"senkyo/keywrap/v1|{storeId}|{purpose.Code()}|{version}");
}

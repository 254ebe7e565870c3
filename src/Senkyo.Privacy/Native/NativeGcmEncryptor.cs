using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Senkyo.Privacy.Native;

/// <summary>
/// An AES-256-GCM encryption context keyed once, encrypting through libcrypto without .NET's per-call bookkeeping
/// (see <see cref="LibCrypto"/>). Like <see cref="AesGcm"/> it is not safe to share between threads: a data key pools
/// them. Freeing the context (on dispose, or by the finalizer of a context never disposed) wipes its key schedule.
/// </summary>
internal sealed class NativeGcmEncryptor : SafeHandle
{
    private readonly LibCrypto _crypto;

    public NativeGcmEncryptor(LibCrypto crypto, ReadOnlySpan<byte> key)
        : base(0, ownsHandle: true)
    {
        _crypto = crypto;
        SetHandle(crypto.NewGcmEncryption(key));
    }

    public override bool IsInvalid => handle == 0;

    /// <remarks>
    /// The handle is used without SafeHandle's reference count: the owning key's pool gives each caller the context
    /// alone, and only the key's disposal (never while a caller holds it) or the finalizer frees it.
    /// </remarks>
    public void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        _crypto.GcmEncrypt(handle, nonce, plaintext, ciphertext, tag, associatedData);
    }

    protected override bool ReleaseHandle()
    {
        _crypto.FreeCipherContext(handle);
        return true;
    }

    /// <summary>Known answers against .NET's <see cref="AesGcm"/>, on one context reused as the import reuses it.</summary>
    internal static bool SelfTest(LibCrypto crypto)
    {
        var key = Enumerable.Range(0, 32).Select(i => (byte)(i * 13 + 1)).ToArray();
        var data = Enumerable.Range(0, 1000).Select(i => (byte)(i * 31 + 7)).ToArray();
        using var native = new NativeGcmEncryptor(crypto, key);
        using var managed = new AesGcm(key, 16);
        Span<byte> nonce = stackalloc byte[12];
        Span<byte> tag = stackalloc byte[16];
        Span<byte> expectedTag = stackalloc byte[16];
        var round = 0;
        foreach (var length in (int[])[0, 1, 15, 16, 17, 230, 1000])
        {
            foreach (var adLength in (int[])[0, 60])
            {
                nonce.Fill((byte)round++);
                var actual = new byte[length];
                var expected = new byte[length];
                native.Encrypt(nonce, data.AsSpan(0, length), actual, tag, data.AsSpan(0, adLength));
                managed.Encrypt(nonce, data.AsSpan(0, length), expected, expectedTag, data.AsSpan(0, adLength));
                if (!actual.AsSpan().SequenceEqual(expected) || !tag.SequenceEqual(expectedTag))
                {
                    return false;
                }
            }
        }

        return true;
    }
}

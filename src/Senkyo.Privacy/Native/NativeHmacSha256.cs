using System.Security.Cryptography;
using System.Text;

namespace Senkyo.Privacy.Native;

/// <summary>
/// HMAC-SHA256 (RFC 2104) under one key with its inner and outer pads hashed once: each MAC copies the two saved
/// SHA-256 states and hashes the message and the inner digest, four calls into libcrypto and no allocation. The saved
/// states are as secret as the key (they compute every MAC under it), so they live in one pinned array, wiped on
/// <see cref="Dispose"/>, like the key's own bytes.
/// </summary>
internal sealed unsafe class NativeHmacSha256 : IDisposable
{
    private const int BlockSize = 64;
    private const int DigestSize = 32;
    private const int Size = LibCrypto.Sha256ContextSize;

    private readonly LibCrypto _crypto;
    private readonly byte[] _pads = GC.AllocateArray<byte>(2 * Size, pinned: true); // inner state, then outer
    private volatile bool _disposed;

    public NativeHmacSha256(LibCrypto crypto, ReadOnlySpan<byte> key)
    {
        _crypto = crypto;
        Span<byte> block = stackalloc byte[BlockSize];
        block.Clear();
        if (key.Length > BlockSize)
        {
            SHA256.HashData(key, block);
        }
        else
        {
            key.CopyTo(block);
        }

        try
        {
            fixed (byte* pads = _pads)
            fixed (byte* b = block)
            {
                Pad(b, 0x36, pads);
                Pad(b, 0x36 ^ 0x5c, pads + Size); // the block holds key ^ 0x36 now: one more XOR gives key ^ 0x5c
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(block);
        }
    }

    /// <summary>Writes the 32-byte MAC of <paramref name="message"/> to <paramref name="destination"/>.</summary>
    public void Compute(ReadOnlySpan<byte> message, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, DigestSize, nameof(destination));
        ObjectDisposedException.ThrowIf(_disposed, this);
        var context = stackalloc byte[Size];
        var inner = stackalloc byte[DigestSize];
        try
        {
            fixed (byte* pads = _pads)
            fixed (byte* m = message)
            fixed (byte* d = destination)
            {
                Buffer.MemoryCopy(pads, context, Size, Size);
                _crypto.Sha256Update(context, m, message.Length);
                _crypto.Sha256Final(context, inner);
                Buffer.MemoryCopy(pads + Size, context, Size, Size);
                _crypto.Sha256Update(context, inner, DigestSize);
                _crypto.Sha256Final(context, d);
            }
        }
        finally
        {
            // The copied states compute every MAC under the key, as the pads do.
            CryptographicOperations.ZeroMemory(new Span<byte>(context, Size));
            CryptographicOperations.ZeroMemory(new Span<byte>(inner, DigestSize));
        }

        // Disposed while hashing: the pads may have been wiped under the copy, so the MAC cannot be trusted. The fence
        // pairs with Dispose's: a wipe this copy could have read is seen here as disposed.
        Interlocked.MemoryBarrier();
        ObjectDisposedException.ThrowIf(_disposed, this);
    }

    public void Dispose()
    {
        _disposed = true;
        Interlocked.MemoryBarrier();
        CryptographicOperations.ZeroMemory(_pads);
    }

    /// <summary>
    /// Known answers against .NET's own HMAC for messages of every length around the block boundaries, so a library
    /// whose context differs from the one assumed here is never used.
    /// </summary>
    internal static bool SelfTest(LibCrypto crypto)
    {
        byte[][] keys = [Encoding.ASCII.GetBytes("Jefe"), Enumerable.Range(1, 32).Select(i => (byte)i).ToArray(), Enumerable.Range(0, 131).Select(i => (byte)(i * 7)).ToArray()];
        var message = Enumerable.Range(0, 200).Select(i => (byte)(i * 31 + 5)).ToArray();
        Span<byte> expected = stackalloc byte[DigestSize];
        Span<byte> actual = stackalloc byte[DigestSize];
        foreach (var key in keys)
        {
            using var mac = new NativeHmacSha256(crypto, key);
            foreach (var length in (int[])[0, 1, 28, 55, 56, 63, 64, 65, 119, 120, 128, 200])
            {
                HMACSHA256.HashData(key, message.AsSpan(0, length), expected);
                mac.Compute(message.AsSpan(0, length), actual);
                if (!expected.SequenceEqual(actual))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private void Pad(byte* block, byte xor, byte* state)
    {
        for (var i = 0; i < BlockSize; i++)
        {
            block[i] ^= xor;
        }

        _crypto.Sha256Init(state);
        _crypto.Sha256Update(state, block, BlockSize);
    }
}

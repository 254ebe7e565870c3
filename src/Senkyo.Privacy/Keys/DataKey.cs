using System.Collections.Concurrent;
using System.Security.Cryptography;
using Senkyo.Privacy.Native;

namespace Senkyo.Privacy.Keys;

/// <summary>An unwrapped data key held in memory by a <see cref="KeyRing"/>.</summary>
public sealed class DataKey : IDisposable
{
    private readonly byte[] _key;
    private readonly long _limit;
    private volatile bool _disposed;
    private readonly ConcurrentBag<AesGcm> _ciphers = [];
    private readonly ConcurrentBag<NativeGcmEncryptor> _encryptors = [];
    private readonly ConcurrentBag<IncrementalHash> _macs = [];
    private NativeHmacSha256? _nativeMac;
    private long _encryptions;
    private long _unpersisted;

    // Nonce = 64-bit random prefix drawn per instance | 32-bit counter. Within an instance the counter makes
    // repeats impossible; across instances (processes, re-opens) two prefixes collide with probability
    // n²/2^65 for n instances. The prefix is redrawn before the counter wraps.
    private readonly Lock _nonceGate = new();
    private ulong _noncePrefix = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
    private uint _nonceCounter;

    internal DataKey(KeyPurpose purpose, int version, byte[] key, KeyState state, long encryptions, long limit)
    {
        Purpose = purpose;
        Version = version;
        _key = key;
        State = state;
        _encryptions = encryptions;
        _limit = limit;
    }

    public KeyPurpose Purpose { get; }

    public int Version { get; }

    public KeyState State { get; internal set; }

    public long Encryptions => Interlocked.Read(ref _encryptions);

    internal ReadOnlySpan<byte> Bytes => _key;

    internal byte[] CopyBytes() => (byte[])_key.Clone();

    /// <summary>Counts <paramref name="count"/> nonces against the key's bound; throws before the bound is crossed.</summary>
    internal void ReserveNonces(long count)
    {
        var total = Interlocked.Add(ref _encryptions, count);
        if (total > _limit)
        {
            Interlocked.Add(ref _encryptions, -count);
            throw new KeyAccessException($"Data key {Purpose.Code()} v{Version} has reached its bound of {_limit} encryptions; rotate the data keys (senkyo keys rotate --data-keys).");
        }

        Interlocked.Add(ref _unpersisted, count);
    }

    /// <summary>Writes a fresh 12-byte nonce (never repeated under this key by this instance).</summary>
    internal void NextNonce(Span<byte> nonce)
    {
        ulong prefix;
        uint counter;
        lock (_nonceGate)
        {
            if (_nonceCounter == uint.MaxValue)
            {
                _noncePrefix = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
                _nonceCounter = 0;
            }

            prefix = _noncePrefix;
            counter = _nonceCounter++;
        }

        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(nonce, prefix);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], counter);
    }

    /// <summary>Returns and clears the count of encryptions not yet written to the key table.</summary>
    public long DrainUnpersistedEncryptions() => Interlocked.Exchange(ref _unpersisted, 0);

    /// <summary>Puts back a drained count whose write to the key table was rolled back.</summary>
    public void RestoreUnpersistedEncryptions(long count) => Interlocked.Add(ref _unpersisted, count);

    /// <summary>AES-256-GCM encryption under this key: through libcrypto where it is bound, else .NET's <see cref="AesGcm"/>.</summary>
    internal void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        if (LibCrypto.Instance is { } crypto)
        {
            var encryptor = _encryptors.TryTake(out var pooled) ? pooled : Keyed(new NativeGcmEncryptor(crypto, Live()));
            try
            {
                encryptor.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
            }
            finally
            {
                Return(_encryptors, encryptor);
            }

            return;
        }

        var aes = RentCipher();
        try
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
        }
        finally
        {
            ReturnCipher(aes);
        }
    }

    // AesGcm, like the native context, runs the key schedule in its constructor; pooling instances saves it on every
    // field (neither is safe to share between threads, so each caller rents one).
    internal AesGcm RentCipher() => _ciphers.TryTake(out var aes) ? aes : Keyed(new AesGcm(Live(), Encryption.FieldCipher.TagSize));

    /// <summary>
    /// A cipher or MAC just made from the key's bytes, used only if the key was not disposed while it was made: a
    /// disposed key's bytes are zeros, and one made from them (or from half-wiped bytes) would encrypt without an
    /// error, under a key anyone has. <see cref="Dispose"/> marks the key before it wipes, with a full fence between,
    /// so a wipe this one could have read is always seen here as disposed.
    /// </summary>
    private T Keyed<T>(T made)
        where T : IDisposable
    {
        Interlocked.MemoryBarrier();
        if (_disposed)
        {
            made.Dispose();
            throw new ObjectDisposedException(nameof(DataKey), $"Data key {Purpose.Code()} v{Version} was disposed while it was in use.");
        }

        return made;
    }

    internal void ReturnCipher(AesGcm aes) => Return(_ciphers, aes);

    private void Return<T>(ConcurrentBag<T> pool, T keyed)
        where T : IDisposable
    {
        if (_disposed)
        {
            keyed.Dispose(); // rented before the key was disposed: its copy of the key goes too
            return;
        }

        pool.Add(keyed);
    }

    /// <summary>Writes HMAC-SHA256 of <paramref name="message"/> under this key (32 bytes) to <paramref name="destination"/>.</summary>
    internal void ComputeMac(ReadOnlySpan<byte> message, Span<byte> destination)
    {
        if (LibCrypto.Instance is { } crypto)
        {
            NativeMac(crypto).Compute(message, destination);
            return;
        }

        var mac = RentMac();
        try
        {
            mac.AppendData(message);
            mac.GetHashAndReset(destination);
        }
        finally
        {
            ReturnMac(mac);
        }
    }

    // The pads hashed once per key, shared by every thread (the state is only read); made on first use, since
    // encryption keys never compute a MAC.
    private NativeHmacSha256 NativeMac(LibCrypto crypto)
    {
        if (_nativeMac is { } made)
        {
            return made;
        }

        var mac = Keyed(new NativeHmacSha256(crypto, Live()));
        var won = Interlocked.CompareExchange(ref _nativeMac, mac, null);
        if (won is not null)
        {
            mac.Dispose();
            return won;
        }

        // Disposed since Keyed looked (the exchange above is a full fence, as is Dispose's): whichever of the two saw
        // the other's write, the MAC is disposed, and Compute refuses on a disposed one.
        return Keyed(mac);
    }

    // Where libcrypto is not bound: a keyed HMAC state keeps the inner and outer pads hashed once instead of on every
    // blind index; IncrementalHash is not thread-safe, so each caller rents one.
    private IncrementalHash RentMac() => _macs.TryTake(out var mac) ? mac : IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Live());

    private void ReturnMac(IncrementalHash mac) => Return(_macs, mac);

    private byte[] Live()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _key;
    }

    private static void Drain<T>(ConcurrentBag<T> pool)
        where T : IDisposable
    {
        while (pool.TryTake(out var keyed))
        {
            keyed.Dispose();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        Interlocked.MemoryBarrier(); // the mark is seen before the wipe and before the look at _nativeMac (see Keyed)
        Drain(_ciphers);
        Drain(_encryptors);
        Drain(_macs);
        Interlocked.Exchange(ref _nativeMac, null)?.Dispose();
        CryptographicOperations.ZeroMemory(_key);
    }
}

namespace Senkyo.Privacy.Keys;

/// <summary>Lifecycle of a data key version: new data is written under the active one; retired ones only decrypt.</summary>
public enum KeyState
{
    Active = 1,
    Retired = 2,
}

/// <summary>
/// A data key as stored: wrapped (AES-256-GCM) by the master key whose public <see cref="MasterKeyId"/> is kept
/// beside it. <see cref="Encryptions"/> counts the random nonces drawn under the key, so the store can refuse to
/// go past the bound in <see cref="KeyRingOptions.MaxEncryptionsPerKey"/>.
/// </summary>
public sealed record WrappedKey(KeyPurpose Purpose, int Version, string MasterKeyId, byte[] Wrapped, KeyState State, long Encryptions, DateTimeOffset CreatedAt);

/// <summary>Options for a key ring.</summary>
public sealed record KeyRingOptions
{
    /// <summary>
    /// NIST SP 800-38D §8.3 bounds GCM with nonces that are not strictly deterministic at 2^32 encryptions per key;
    /// our nonces are a random per-instance prefix plus a counter, so the same bound applies. The ring refuses to encrypt past this count and the operator rotates
    /// the data key (<c>senkyo keys rotate --data-keys</c>). 680,000 electors re-written daily for a century stay
    /// far below it; the bound exists so that no code path can silently exceed it.
    /// </summary>
    public long MaxEncryptionsPerKey { get; init; } = 1L << 32;
}

using System.Security.Cryptography;

namespace Senkyo.Privacy.Keys;

/// <summary>
/// The unwrapped data keys of one store (鍵束), by purpose and version. Opening it needs the master key the
/// keys were wrapped with; any other key fails with a <see cref="KeyAccessException"/> before a single field is
/// touched, so a wrong key can never produce garbage plaintext.
/// </summary>
public sealed class KeyRing : IDisposable
{
    private readonly Dictionary<(KeyPurpose, int), DataKey> _keys = [];
    private readonly KeyRingOptions _options;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();

    // What the hot paths ask for (the active key per purpose, every version of a purpose, every key), rebuilt under the
    // gate on every change and read without it: several look-ups per row of a bulk import, and every request's commit
    // (which drains the encryption counts of all keys), neither take the lock nor allocate.
    private volatile View _view = new([], [], []);

    private KeyRing(string storeId, KeyRingOptions options, TimeProvider time)
    {
        StoreId = storeId;
        _options = options;
        _time = time;
    }

    public string StoreId { get; }

    /// <summary>Creates fresh random data keys for every purpose, wrapped under <paramref name="master"/>.</summary>
    public static (KeyRing Ring, IReadOnlyList<WrappedKey> Wrapped) CreateNew(string storeId, MasterKey master, TimeProvider time, KeyRingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(master);
        var ring = new KeyRing(storeId, options ?? new KeyRingOptions(), time);
        var wrapped = KeyPurposes.All.Select(p => ring.AddVersionCore(master, p, 1)).ToList();
        ring.RebuildActive();
        return (ring, wrapped);
    }

    /// <summary>Unwraps the stored keys. Names the expected master key id when the given key is not it.</summary>
    public static KeyRing Open(string storeId, MasterKey master, IEnumerable<WrappedKey> stored, TimeProvider time, KeyRingOptions? options = null) =>
        Open(storeId, master, stored, time, options, allowMissingPurposes: false);

    /// <summary>
    /// As <see cref="Open(string, MasterKey, IEnumerable{WrappedKey}, TimeProvider, KeyRingOptions?)"/>; with
    /// <paramref name="allowMissingPurposes"/> a purpose that has no key at all (one added to Senkyo after the store
    /// was created) is not an error: <see cref="MissingPurposes"/> names it and <see cref="AddVersion"/> creates its
    /// version 1. A purpose whose keys exist but none is active still fails.
    /// </summary>
    public static KeyRing Open(string storeId, MasterKey master, IEnumerable<WrappedKey> stored, TimeProvider time, KeyRingOptions? options, bool allowMissingPurposes)
    {
        ArgumentNullException.ThrowIfNull(master);
        ArgumentNullException.ThrowIfNull(stored);
        var list = stored.ToList();
        if (list.Count == 0)
        {
            throw new KeyAccessException("The store has no data keys; it was not initialised with 'senkyo init'.");
        }

        var expected = list.Select(k => k.MasterKeyId).Distinct(StringComparer.Ordinal).ToList();
        if (!expected.Contains(master.Id, StringComparer.Ordinal))
        {
            throw new KeyAccessException($"Wrong master key: this store's data keys are wrapped by master key {string.Join(", ", expected)}, the key given is {master.Id}.");
        }

        var ring = new KeyRing(storeId, options ?? new KeyRingOptions(), time);
        try
        {
            foreach (var w in list)
            {
                if (w.MasterKeyId != master.Id)
                {
                    throw new KeyAccessException($"Data key {w.Purpose.Code()} v{w.Version} is wrapped by master key {w.MasterKeyId}, others by {master.Id}: an interrupted rotation; run 'senkyo keys rotate' again with the old key.");
                }

                var key = KeyWrapping.Unwrap(master, storeId, w.Purpose, w.Version, w.Wrapped);
                ring._keys[(w.Purpose, w.Version)] = new DataKey(w.Purpose, w.Version, key, w.State, w.Encryptions, ring._options.MaxEncryptionsPerKey);
            }

            ring.RebuildActive();
            foreach (var purpose in KeyPurposes.All.Where(p => !allowMissingPurposes || ring._keys.Keys.Any(k => k.Item1 == p)))
            {
                _ = ring.Active(purpose);
            }
        }
        catch
        {
            ring.Dispose();
            throw;
        }

        return ring;
    }

    /// <summary>
    /// Brings the ring up to date with the key table after another process rotated keys: unwraps versions it does
    /// not hold yet and takes over the state (active/retired) of the ones it does.
    /// </summary>
    public void Refresh(MasterKey master, IEnumerable<WrappedKey> stored)
    {
        ArgumentNullException.ThrowIfNull(master);
        ArgumentNullException.ThrowIfNull(stored);
        lock (_gate)
        {
            foreach (var w in stored)
            {
                if (_keys.TryGetValue((w.Purpose, w.Version), out var known))
                {
                    known.State = w.State;
                    continue;
                }

                if (w.MasterKeyId != master.Id)
                {
                    throw new KeyAccessException($"Data key {w.Purpose.Code()} v{w.Version} was added under master key {w.MasterKeyId}; this process holds {master.Id}. Restart it with the current key.");
                }

                var key = KeyWrapping.Unwrap(master, StoreId, w.Purpose, w.Version, w.Wrapped);
                _keys[(w.Purpose, w.Version)] = new DataKey(w.Purpose, w.Version, key, w.State, w.Encryptions, _options.MaxEncryptionsPerKey);
            }

            RebuildActive();
        }
    }

    /// <summary>Purposes without any key version: introduced after the store was created.</summary>
    public IReadOnlyList<KeyPurpose> MissingPurposes()
    {
        lock (_gate)
        {
            return [.. KeyPurposes.All.Where(p => !_keys.Keys.Any(k => k.Item1 == p))];
        }
    }

    /// <summary>The version that new data is written under.</summary>
    public DataKey Active(KeyPurpose purpose) =>
        _view.Active.TryGetValue(purpose, out var key) ? key : throw new KeyAccessException($"The store has no active {purpose.Code()} key.");

    private void RebuildActive() => _view = new View(
        _keys.Values.Where(k => k.State == KeyState.Active).GroupBy(k => k.Purpose).ToDictionary(g => g.Key, g => g.MaxBy(k => k.Version)!),
        _keys.Values.GroupBy(k => k.Purpose).ToDictionary(g => g.Key, g => (IReadOnlyList<DataKey>)[.. g.OrderByDescending(k => k.Version)]),
        [.. _keys.Values.OrderBy(k => k.Purpose).ThenBy(k => k.Version)]);

    public DataKey Get(KeyPurpose purpose, int version)
    {
        lock (_gate)
        {
            return _keys.TryGetValue((purpose, version), out var key)
                ? key
                : throw new KeyAccessException($"The store has no {purpose.Code()} key version {version}.");
        }
    }

    /// <summary>Every version of a purpose, newest first (blind-index look-ups try each during a rotation).</summary>
    public IReadOnlyList<DataKey> Versions(KeyPurpose purpose) => _view.Versions.GetValueOrDefault(purpose, []);

    /// <summary>Every key, by purpose and version.</summary>
    public IReadOnlyList<DataKey> All() => _view.All;

    /// <summary>Adds a new active version of <paramref name="purpose"/>; the previous active version retires (still decrypts).</summary>
    public (WrappedKey New, IReadOnlyList<DataKey> Retired) AddVersion(MasterKey master, KeyPurpose purpose)
    {
        ArgumentNullException.ThrowIfNull(master);
        lock (_gate)
        {
            var retired = _keys.Values.Where(k => k.Purpose == purpose && k.State == KeyState.Active).ToList();
            var version = _keys.Values.Where(k => k.Purpose == purpose).Select(k => k.Version).DefaultIfEmpty(0).Max() + 1;
            var wrapped = AddVersionCore(master, purpose, version);
            foreach (var old in retired)
            {
                old.State = KeyState.Retired;
            }

            RebuildActive();
            return (wrapped, retired);
        }
    }

    /// <summary>Every key wrapped under a new master key; the data keys themselves do not change.</summary>
    public IReadOnlyList<WrappedKey> RewrapAll(MasterKey newMaster)
    {
        ArgumentNullException.ThrowIfNull(newMaster);
        lock (_gate)
        {
            return [.. _keys.Values.OrderBy(k => k.Purpose).ThenBy(k => k.Version).Select(k =>
                new WrappedKey(k.Purpose, k.Version, newMaster.Id, KeyWrapping.Wrap(newMaster, StoreId, k.Purpose, k.Version, k.Bytes), k.State, k.Encryptions, _time.GetUtcNow()))];
        }
    }

    /// <summary>The checkpoint signer: ECDSA P-256 from the active <see cref="KeyPurpose.AuditSigning"/> key.</summary>
    public ECDsa CreateAuditSigner()
    {
        var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(Active(KeyPurpose.AuditSigning).Bytes, out _);
        return ecdsa;
    }

    private WrappedKey AddVersionCore(MasterKey master, KeyPurpose purpose, int version)
    {
        byte[] key;
        if (purpose == KeyPurpose.AuditSigning)
        {
            using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            key = ecdsa.ExportPkcs8PrivateKey();
        }
        else
        {
            key = RandomNumberGenerator.GetBytes(32);
        }

        var wrapped = KeyWrapping.Wrap(master, StoreId, purpose, version, key);
        _keys[(purpose, version)] = new DataKey(purpose, version, key, KeyState.Active, 0, _options.MaxEncryptionsPerKey);
        return new WrappedKey(purpose, version, master.Id, wrapped, KeyState.Active, 0, _time.GetUtcNow());
    }

    public void Dispose()
    {
        lock (_gate)
        {
            // The views go first: a request still running then finds no key rather than a disposed one.
            _view = new([], [], []);
            foreach (var key in _keys.Values)
            {
                key.Dispose();
            }

            _keys.Clear();
        }
    }

    private sealed record View(Dictionary<KeyPurpose, DataKey> Active, Dictionary<KeyPurpose, IReadOnlyList<DataKey>> Versions, IReadOnlyList<DataKey> All);
}

using Senkyo.Privacy.Indexing;
using Senkyo.Privacy.Keys;

namespace Senkyo.Storage.Import;

/// <summary>
/// One import worker's last household reference (世帯番号 → its 128-bit blind reference). A resident file lists the
/// members of a household one after another, and a worker protects a run of consecutive rows, so about half the
/// rows of a city repeat the previous row's household: each hit saves an HMAC (a call into OpenSSL, ~0.5 µs).
/// Rows of the same household share the reference array, which nothing writes to.
/// </summary>
internal sealed class HouseholdMemo(BlindIndexer indexer, DataKey key)
{
    private readonly char[] _last = new char[16];
    private int _length = -1;
    private byte[] _reference = [];

    public byte[] Reference(ReadOnlySpan<char> householdId)
    {
        if (_length >= 0 && householdId.SequenceEqual(_last.AsSpan(0, _length)))
        {
            return _reference;
        }

        _reference = indexer.Reference(key, householdId);
        if (householdId.TryCopyTo(_last))
        {
            _length = householdId.Length;
        }
        else
        {
            _length = -1;
        }

        return _reference;
    }

    /// <summary>Wipes the household number kept (personal data), when the worker is done.</summary>
    public void Forget()
    {
        Array.Clear(_last);
        _length = -1;
    }
}

using System.Buffers.Binary;
using System.Text;

namespace Senkyo.Storage.Tests;

/// <summary>
/// Searches files for many byte strings at once: every needle's first 8 bytes go into a hash set, the files are
/// read once, and each position's 8 bytes are looked up, confirming full needles on a hit.
/// Needles shorter than 8 bytes are left out: random ciphertext contains any given 4-byte string about once per
/// 4 GiB, so thousands of short needles over megabytes of ciphertext would "match" by chance and prove nothing.
/// So are needles with fewer than 8 non-zero bytes: a foreign resident's 4-letter Latin surname in UTF-16 is 8 bytes,
/// but half of them zeros, and a database's own structures (PostgreSQL's WAL: runs of small 16-bit integers) hold such
/// patterns by chance — the scan once "found" one in UTF-16BE and, a byte later, in UTF-16LE. Such short Latin name
/// parts are still looked for inside the whole name (the scan adds it joined, and joined with spaces).
/// </summary>
internal sealed class RawBytes
{
    private const int MinLength = 8;
    private readonly Dictionary<ulong, List<(byte[] Bytes, string Label)>> _byPrefix = [];

    public int NeedleCount { get; private set; }

    public void Add(string text, string label)
    {
        foreach (var (encoding, name) in new (Encoding, string)[] { (Encoding.UTF8, "UTF-8"), (Encoding.Unicode, "UTF-16LE"), (Encoding.BigEndianUnicode, "UTF-16BE") })
        {
            var bytes = encoding.GetBytes(text);
            if (bytes.Length - bytes.AsSpan().Count((byte)0) < MinLength)
            {
                continue;
            }

            var key = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
            if (!_byPrefix.TryGetValue(key, out var list))
            {
                _byPrefix[key] = list = [];
            }

            list.Add((bytes, $"{label} ({name})"));
            NeedleCount++;
        }
    }

    public List<string> Scan(ReadOnlySpan<byte> data, string source)
    {
        var hits = new List<string>();
        for (var i = 0; i + MinLength <= data.Length; i++)
        {
            if (_byPrefix.TryGetValue(BinaryPrimitives.ReadUInt64LittleEndian(data[i..]), out var candidates))
            {
                foreach (var (bytes, label) in candidates)
                {
                    if (data[i..].StartsWith(bytes))
                    {
                        hits.Add($"{label} in {source} at byte {i}");
                    }
                }
            }
        }

        return hits;
    }

    public List<string> ScanFiles(IEnumerable<string> files)
    {
        var hits = new List<string>();
        foreach (var f in files)
        {
            // Shared read: the database may still be open (WAL not yet checkpointed is the interesting case).
            // A rollback journal can vanish between listing and opening, and a file can shrink while it is
            // read: scan whatever bytes are on disk at that moment.
            byte[] buffer;
            try
            {
                using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                buffer = copy.ToArray();
            }
            catch (FileNotFoundException)
            {
                continue;
            }

            hits.AddRange(Scan(buffer, f));
        }

        return hits;
    }
}

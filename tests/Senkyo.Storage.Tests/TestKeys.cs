using Senkyo.Domain.Text;
using Senkyo.Privacy.Indexing;
using Senkyo.Privacy.Keys;

namespace Senkyo.Storage.Tests;

/// <summary>
/// A fresh key ring under a fresh master key, with the store's blind indexer over it (the domain's normalizer in its
/// string and span forms, as the store builds it) and one with the string form only, the reference for the span paths.
/// </summary>
internal sealed class TestKeys : IDisposable
{
    private readonly MasterKey _master = MasterKey.Generate();

    public TestKeys()
    {
        (Ring, _) = KeyRing.CreateNew("s", _master, TimeProvider.System);
        Indexer = new BlindIndexer(Ring, SearchKeyNormalizer.Default.Normalize, SearchKeyNormalizer.Default.TryNormalize);
        StringIndexer = new BlindIndexer(Ring, SearchKeyNormalizer.Default.Normalize);
    }

    public KeyRing Ring { get; }

    public BlindIndexer Indexer { get; }

    public BlindIndexer StringIndexer { get; }

    public void Dispose()
    {
        Ring.Dispose();
        _master.Dispose();
    }
}

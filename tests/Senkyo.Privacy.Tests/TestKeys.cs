using Senkyo.Privacy.Keys;

namespace Senkyo.Privacy.Tests;

internal static class TestKeys
{
    public static KeyRing NewRing(string storeId = "store-test", KeyRingOptions? options = null)
    {
        using var master = MasterKey.Generate();
        return KeyRing.CreateNew(storeId, master, TimeProvider.System, options).Ring;
    }
}

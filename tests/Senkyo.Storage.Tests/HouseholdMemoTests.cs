using Senkyo.Privacy.Keys;
using Senkyo.Storage.Import;

namespace Senkyo.Storage.Tests;

/// <summary>The import's last-household memo gives exactly the indexer's reference, for runs, returns and odd lengths.</summary>
public sealed class HouseholdMemoTests
{
    [Fact]
    public void Every_reference_is_the_indexers_own()
    {
        using var keys = new TestKeys();
        var indexer = keys.Indexer;
        var key = keys.Ring.Active(KeyPurpose.ResidentReference);
        var memo = new HouseholdMemo(indexer, key);
        string[] households = ["0000000001", "0000000001", "0000000002", "0000000001", "", "", "00000000010", "0000000001", new string('9', 40), new string('9', 40), "0000000003"];
        byte[]? previous = null;
        for (var i = 0; i < households.Length; i++)
        {
            var reference = memo.Reference(households[i]);
            Assert.Equal(indexer.Reference(key, households[i]), reference);
            if (i > 0 && households[i] == households[i - 1] && households[i].Length <= 16)
            {
                Assert.Same(previous, reference); // a repeat costs no HMAC (a number over 16 characters is never kept)
            }

            previous = reference;
        }
    }
}

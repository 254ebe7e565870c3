using Senkyo.Domain.Municipality;
using Senkyo.Storage.Import;
using Senkyo.Synthetic;

namespace Senkyo.Storage.Tests;

/// <summary>The import's chunk of residents: fields read back as added, a dropped row is overwritten, an outgrown buffer and a cleared chunk hold no text.</summary>
public sealed class ResidentChunkTests
{
    private static readonly Town Town = SyntheticPopulation.City().Towns[0];

    [Fact]
    public void Fields_read_back_as_added_across_growth_and_a_dropped_row_is_overwritten()
    {
        Assert.Equal(ResidentColumns.Count, ResidentColumns.Names.Length);
        var chunk = new ResidentChunk(4, charsPerRow: 8); // far too small: every row grows the buffer
        var first = Text(chunk);
        var kept = new List<string[]>();
        for (var r = 0; r < 5 && !chunk.IsFull; r++)
        {
            var fields = Enumerable.Range(0, ResidentColumns.Count).Select(c => r == 1 ? $"DROPPED{c}" : new string((char)('ア' + c), c + r) + (c == ResidentColumns.Nationality ? "JPN" : "")).ToArray();
            chunk.StartRow();
            foreach (var f in fields)
            {
                chunk.Add(f);
            }

            if (r == 1)
            {
                continue; // failed validation: never kept
            }

            chunk.SetFacts(new DateOnly(1980, 1, r + 1), new DateOnly(2000, 1, r + 1), 1 + (r % 2), Town);
            chunk.Keep();
            kept.Add(fields);
        }

        Assert.Equal(4, chunk.Count);
        Assert.True(chunk.IsFull);
        for (var r = 0; r < kept.Count; r++)
        {
            Assert.Equal(kept[r], Enumerable.Range(0, ResidentColumns.Count).Select(c => chunk[r, c].ToString()));
            Assert.Equal(kept[r].Sum(f => f.Length), chunk.Length(r));
            Assert.Same(Town, chunk.Town(r));
        }

        Assert.Equal(new DateOnly(1980, 1, 3), chunk.BirthDate(1)); // the second kept row is the third added
        Assert.False(chunk.IsJapanese(0)); // "JPN" after other text is not the code
        Assert.NotSame(first, Text(chunk));
        Assert.All(first, ch => Assert.Equal('\0', ch)); // the outgrown buffer was wiped before it was dropped
        chunk.Clear();
        Assert.All(Text(chunk), ch => Assert.Equal('\0', ch));
    }

    private static char[] Text(ResidentChunk chunk) =>
        (char[])typeof(ResidentChunk).GetField("_text", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(chunk)!;

    [Fact]
    public void A_row_without_all_its_fields_or_facts_cannot_be_kept_and_clear_forgets_everything()
    {
        var chunk = new ResidentChunk(2);
        chunk.StartRow();
        chunk.Add("12345678901");
        Assert.Throws<InvalidOperationException>(chunk.Keep);
        chunk.StartRow();
        for (var c = 0; c < ResidentColumns.Count; c++)
        {
            chunk.Add(c == ResidentColumns.Nationality ? "JPN" : "x");
        }

        Assert.Throws<InvalidOperationException>(chunk.Keep); // no facts
        chunk.SetFacts(new DateOnly(1980, 1, 1), new DateOnly(1980, 1, 1), 2, Town);
        chunk.Keep();
        Assert.True(chunk.IsJapanese(0));

        chunk.Clear();
        Assert.Equal(0, chunk.Count);
        Assert.Equal(default, chunk.BirthDate(0));
        chunk.StartRow();
        for (var c = 0; c < ResidentColumns.Count; c++)
        {
            chunk.Add("");
        }

        chunk.SetFacts(new DateOnly(1990, 2, 3), new DateOnly(1990, 2, 3), 1, Town);
        chunk.Keep();
        Assert.Equal(0, chunk.Length(0));
    }
}

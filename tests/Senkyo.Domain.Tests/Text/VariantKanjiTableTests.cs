using Senkyo.Domain.Text;

namespace Senkyo.Domain.Tests.Text;

public sealed class VariantKanjiTableTests
{
    [Fact]
    public void The_embedded_table_loads_and_folds_the_required_variants()
    {
        var table = VariantKanjiTable.Default;
        Assert.InRange(table.Count, 1_000, 30_000);
        Assert.Equal('高', table.Fold('髙'));
        Assert.Equal('崎', table.Fold('﨑'));
        Assert.Equal('辺', table.Fold('邊'));
        Assert.Equal('辺', table.Fold('邉'));
        Assert.Equal('斎', table.Fold('齋'));
        Assert.Equal('斉', table.Fold('齊'));
        Assert.Equal('吉', table.FoldSupplementary(0x20BB7));
        Assert.Equal('高', table.Fold('高'));
        Assert.Equal('斉', table.Fold('斉'));
    }

    [Fact]
    public void Every_target_is_final_so_folding_is_idempotent()
    {
        var table = VariantKanjiTable.Default;
        for (var c = 0; c <= char.MaxValue; c++)
        {
            var once = table.Fold((char)c);
            Assert.Equal(once, table.Fold(once));
        }
    }

    [Theory]
    [InlineData("髙\n", "line 1")]
    [InlineData("# comment\n髙\t高高\n", "line 2")]
    [InlineData("X\t\U00020BB7\n", "outside the BMP")]
    public void A_malformed_table_names_the_line(string text, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => VariantKanjiTable.Parse(new StringReader(text), "test.tsv"));
        Assert.Contains("test.tsv", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}

using CsCheck;
using Senkyo.Domain.Results;

namespace Senkyo.Domain.Tests.Results;

public sealed class ExactValueTests
{
    [Fact]
    public void Votes_read_three_decimals_exactly_and_print_them_back()
    {
        Assert.True(Votes.TryParse("694578.943", out var v));
        Assert.Equal(694_578_943, v.Thousandths);
        Assert.Equal("694578.943", v.ToString());
        Assert.Equal("12", Votes.FromBallots(12).ToString());
        Assert.Equal("12.000", Votes.FromBallots(12).ToFixed3());
        Assert.Equal("0.050", Votes.FromThousandths(50).ToFixed3());
    }

    [Theory]
    [InlineData("1.2345")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("")]
    public void Votes_refuse_more_than_three_decimals_negatives_and_text(string text) =>
        Assert.False(Votes.TryParse(text, out _));

    [Fact]
    public void Rational_truncates_never_rounds()
    {
        var twoThirds = Rational.Create(2, 3);
        Assert.Equal("0.666", twoThirds.ToDecimalString(3));
        Assert.Equal(666, twoThirds.TruncateToThousandths().Thousandths);
        Assert.Equal("2/3", twoThirds.ToFractionString());
        Assert.Equal(Rational.Create(4, 6), twoThirds);
        Assert.True(Rational.Create(1, 3) < Rational.Create(334, 1000));
        Assert.Equal(2, Rational.Create(5, 3).Ceiling());
        Assert.Equal(5, Rational.FromInteger(5).Ceiling());
    }

    [Fact]
    public void Rational_comparison_agrees_with_cross_multiplication() =>
        Gen.Select(Gen.Long[-1_000_000, 1_000_000], Gen.Long[1, 1_000_000], Gen.Long[-1_000_000, 1_000_000], Gen.Long[1, 1_000_000])
            .Sample((a, b, c, d) =>
                Math.Sign(Rational.Create(a, b).CompareTo(Rational.Create(c, d))) == Math.Sign(((Int128)a * d).CompareTo((Int128)c * b)));
}

using System.Text;
using Senkyo.Domain.Text;

namespace Senkyo.Domain.Tests.Text;

public sealed class GlobalizationCheckTests
{
    [Fact]
    public void This_runtime_has_ICU()
    {
        GlobalizationCheck.EnsureIcu();
        Assert.Equal("ヤマダ", "ﾔﾏﾀﾞ".Normalize(NormalizationForm.FormKC));
        Assert.Empty(GlobalizationCheck.Diagnose());
    }

    [Fact]
    public void Invariant_globalization_is_reported() =>
        Assert.Contains(GlobalizationCheck.Diagnose(true, "ヤマダ", "令和"), p => p.Contains("invariant", StringComparison.Ordinal));

    [Fact]
    public void An_NFKC_that_does_nothing_is_reported() =>
        Assert.Contains(GlobalizationCheck.Diagnose(false, "ﾔﾏﾀﾞ", "令和"), p => p.Contains("NFKC", StringComparison.Ordinal));

    [Fact]
    public void A_calendar_without_Japanese_eras_is_reported() =>
        Assert.Contains(GlobalizationCheck.Diagnose(false, "ヤマダ", "A.D."), p => p.Contains("令和", StringComparison.Ordinal));
}

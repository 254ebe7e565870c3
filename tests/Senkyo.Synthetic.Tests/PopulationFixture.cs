using Senkyo.Domain.Municipality;
using Senkyo.Synthetic.Residents;

namespace Senkyo.Synthetic.Tests;

/// <summary>One synthetic city and 120,000 residents, shared by the distribution tests.</summary>
public sealed class PopulationFixture
{
    public const int Count = 120_000;
    public static readonly DateOnly AsOf = new(2026, 11, 28);

    public PopulationFixture()
    {
        City = SyntheticPopulation.City();
        Residents = [.. SyntheticPopulation.Generate(City, seed: 20261128, Count, AsOf)];
    }

    public Municipality City { get; }

    public IReadOnlyList<SyntheticResident> Residents { get; }

    public static int AgeOn(DateOnly birth, DateOnly day) =>
        day.Year - birth.Year - (day.Month < birth.Month || (day.Month == birth.Month && day.Day < birth.Day) ? 1 : 0);
}

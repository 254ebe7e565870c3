using Senkyo.Synthetic.Catalog;
using Senkyo.Synthetic.City;
using Senkyo.Synthetic.Residents;

namespace Senkyo.Synthetic;

/// <summary>
/// The one door to synthetic people for tests, demos and training: every fixture in Senkyo comes
/// from here, never from real people.
/// </summary>
public static class SyntheticPopulation
{
    /// <summary>The profile city's structure (deterministic: the same for every call).</summary>
    public static Domain.Municipality.Municipality City(string profile = "sakai") => CityGenerator.Generate(CityProfile.Load(profile));

    /// <summary>Residents of the profile city, household by household, streamed chunk by chunk.</summary>
    public static IEnumerable<SyntheticResident> Generate(ulong seed, int count, DateOnly asOf, string profile = "sakai") =>
        Generate(City(profile), seed, count, asOf);

    /// <summary>Residents of a given city structure, streamed chunk by chunk.</summary>
    public static IEnumerable<SyntheticResident> Generate(Domain.Municipality.Municipality city, ulong seed, long count, DateOnly asOf)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var generator = new ResidentGenerator(city, SyntheticCatalog.Default, seed, asOf);
        for (var c = 0; c < ResidentGenerator.ChunkCount(count); c++)
        {
            foreach (var r in generator.GenerateChunk(c, ResidentGenerator.ChunkLength(count, c)))
            {
                yield return r;
            }
        }
    }
}

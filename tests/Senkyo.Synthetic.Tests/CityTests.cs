using Senkyo.Synthetic.Catalog;
using Senkyo.Synthetic.City;

namespace Senkyo.Synthetic.Tests;

public sealed class CityTests(PopulationFixture fixture) : IClassFixture<PopulationFixture>
{
    [Fact]
    public void Sakai_profile_has_seven_wards_with_their_local_government_codes()
    {
        var city = fixture.City;
        Assert.Equal("271403", city.Code);
        Assert.Equal(["271411", "271420", "271438", "271446", "271454", "271462", "271471"], city.Wards.Select(w => w.Code));
        Assert.Equal("堺区", city.Wards[0].Name);
        Assert.True(city.IsSynthetic);
        Assert.InRange(city.Wards.Sum(w => w.Population), 800_000, 850_000);
    }

    [Fact]
    public void About_one_hundred_voting_districts_each_with_one_polling_place()
    {
        var city = fixture.City;
        Assert.InRange(city.VotingDistricts.Count, 90, 110);
        Assert.Equal(city.VotingDistricts.Count, city.PollingPlaces.Count);
        Assert.All(city.VotingDistricts, d =>
        {
            Assert.NotEmpty(d.TownCodes);
            Assert.Single(city.PollingPlaces, p => p.Code == d.PollingPlaceCode && p.DistrictCode == d.Code);
        });
        Assert.Equal(city.VotingDistricts.Select(d => d.Code).Distinct().Count(), city.VotingDistricts.Count);
    }

    [Fact]
    public void District_sizes_are_balanced_within_each_ward()
    {
        foreach (var ward in fixture.City.Wards)
        {
            var sizes = fixture.City.VotingDistricts.Where(d => d.WardCode == ward.Code)
                .Select(d => fixture.City.Towns.Where(t => t.DistrictCode == d.Code).Sum(t => t.Population)).ToList();
            var mean = sizes.Average();
            Assert.All(sizes, s => Assert.InRange(s, mean * 0.4, mean * 1.8));
        }
    }

    [Fact]
    public void Every_town_unit_belongs_to_exactly_one_district()
    {
        var city = fixture.City;
        var membership = city.VotingDistricts.SelectMany(d => d.TownCodes.Select(t => (Town: t, District: d.Code))).ToList();
        Assert.Equal(city.Towns.Count, membership.Count);
        Assert.Equal(city.Towns.Count, membership.Select(m => m.Town).Distinct().Count());
        Assert.All(city.Towns, t => Assert.Equal(t.DistrictCode, city.DistrictOfTown(t.Code)!.Code));
    }

    [Fact]
    public void One_early_voting_place_and_one_counting_district_per_ward()
    {
        var city = fixture.City;
        Assert.Equal(city.Wards.Select(w => w.Code), city.EarlyVotingPlaces.Select(e => e.WardCode));
        Assert.Equal(city.Wards.Select(w => w.Code), city.CountingDistricts.SelectMany(c => c.WardCodes));
    }

    [Fact]
    public void Towns_carry_real_postal_codes_and_katakana_readings()
    {
        Assert.All(fixture.City.Towns, t =>
        {
            Assert.Matches("^5[89][0-9]{5}$", t.PostalCode); // Sakai's postal codes are 587–599
            Assert.True(Kana.IsFullWidthKatakana(t.NameKana), t.NameKana);
            Assert.Matches("^[0-9]{10}$", t.Code);
        });
    }

    [Fact]
    public void The_city_is_the_same_every_time()
    {
        var again = CityGenerator.Generate(CityProfile.Load("sakai"));
        Assert.Equal(fixture.City.Towns, again.Towns);
        Assert.Equal(fixture.City.PollingPlaces, again.PollingPlaces);
    }

    [Fact]
    public void Unknown_profile_is_refused_with_the_known_names()
    {
        var e = Assert.Throws<ArgumentException>(() => CityProfile.Load("atlantis"));
        Assert.Contains("sakai", e.Message, StringComparison.Ordinal);
    }
}

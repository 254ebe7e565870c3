using Senkyo.Domain.Residents;
using Senkyo.Synthetic.Catalog;
using Senkyo.Synthetic.Residents;

namespace Senkyo.Synthetic.Tests;

/// <summary>The generated population against its sources, within stated tolerances.</summary>
public sealed class ResidentDistributionTests(PopulationFixture fixture) : IClassFixture<PopulationFixture>
{
    private IReadOnlyList<SyntheticResident> Residents => fixture.Residents;

    [Fact]
    public void Exactly_the_requested_count()
    {
        Assert.Equal(PopulationFixture.Count, Residents.Count);
    }

    [Fact]
    public void Age_bands_match_the_national_pyramid_within_half_a_point()
    {
        // Sampling error of one band's share at n = 120,000 is below 0.06 points; 0.5 allows for the
        // people living alone at 100+ being folded into the top band.
        var pyramid = AgePyramid.Load();
        foreach (var sex in new[] { 1, 2 })
        {
            foreach (var band in pyramid.Bands.Where(b => b.Sex == sex))
            {
                var observed = Residents.Count(r => r.Sex == sex && PopulationFixture.AgeOn(r.BirthDate, PopulationFixture.AsOf) is var a && a >= band.FromAge && a <= band.ToAge)
                    / (double)Residents.Count;
                Assert.True(Math.Abs(observed - band.Share) < 0.005, $"sex {sex} ages {band.FromAge}-{band.ToAge}: {observed:P2} vs {band.Share:P2}");
            }
        }
    }

    [Fact]
    public void Sex_ratio_matches_the_pyramid_within_half_a_point()
    {
        var expectedMale = AgePyramid.Load().Bands.Where(b => b.Sex == 1).Sum(b => b.Share);
        var observedMale = Residents.Count(r => r.Sex == 1) / (double)Residents.Count;
        Assert.InRange(observedMale, expectedMale - 0.005, expectedMale + 0.005);
    }

    [Fact]
    public void Household_sizes_match_the_census_within_five_points()
    {
        var census = new Dictionary<int, double> { [1] = 0.380, [2] = 0.281, [3] = 0.166, [4] = 0.123, [5] = 0.039, [6] = 0.012 };
        var sizes = Residents.GroupBy(r => r.HouseholdId).Select(g => Math.Min(6, g.Count())).ToList();
        foreach (var (size, share) in census)
        {
            var observed = sizes.Count(s => s == size) / (double)sizes.Count;
            Assert.True(Math.Abs(observed - share) < 0.05, $"households of {size}: {observed:P1} vs census {share:P1}");
        }

        Assert.InRange(Residents.Count / (double)sizes.Count, 1.9, 2.4);
    }

    [Fact]
    public void Two_to_three_percent_are_foreign_residents_with_iso_codes()
    {
        var foreign = Residents.Where(r => r.Nationality != "JPN").ToList();
        Assert.InRange(foreign.Count / (double)Residents.Count, 0.02, 0.03);
        Assert.All(foreign, r => Assert.Matches("^[A-Z]{3}$", r.Nationality));
        Assert.True(foreign.Select(r => r.Nationality).Distinct().Count() >= 5);
    }

    [Fact]
    public void One_to_three_percent_carry_variant_kanji_and_a_few_lie_outside_the_BMP()
    {
        var variants = NameCatalog.Variants.Values.SelectMany(v => v).ToHashSet(StringComparer.Ordinal);
        var withVariant = Residents.Count(r => variants.Any(v => r.Surname.Contains(v, StringComparison.Ordinal)));
        Assert.InRange(withVariant / (double)Residents.Count, 0.01, 0.03);
        var outsideBmp = Residents.Count(r => r.Surname.Any(char.IsSurrogate));
        Assert.InRange(outsideBmp, 1, Residents.Count / 100);
    }

    [Fact]
    public void Every_reading_is_full_width_katakana()
    {
        Assert.All(Residents, r =>
        {
            Assert.True(Kana.IsFullWidthKatakana(r.SurnameKana), $"{r.ResidentId} surname_kana {r.SurnameKana}");
            Assert.True(Kana.IsFullWidthKatakana(r.GivenNameKana), $"{r.ResidentId} given_name_kana {r.GivenNameKana}");
        });
    }

    [Fact]
    public void Older_women_more_often_have_names_ending_in_ko()
    {
        double ShareKo(int fromYear, int toYear)
        {
            var women = Residents.Where(r => r.Sex == 2 && r.Nationality == "JPN" && r.BirthDate.Year >= fromYear && r.BirthDate.Year <= toYear).ToList();
            return women.Count(r => r.GivenName.EndsWith('子')) / (double)women.Count;
        }

        Assert.True(ShareKo(1930, 1955) > 0.5, "most women born 1930–55 have 子 names");
        Assert.True(ShareKo(2005, 2026) < 0.1, "few girls born since 2005 do");
    }

    [Fact]
    public void Resident_ids_are_unique_eleven_digits_with_a_valid_check_digit()
    {
        Assert.All(Residents, r => Assert.True(ResidentId.IsValid(r.ResidentId), r.ResidentId));
        Assert.Equal(Residents.Count, Residents.Select(r => r.ResidentId).Distinct().Count());
    }

    [Fact]
    public void Every_address_is_in_the_city_and_in_exactly_one_voting_district()
    {
        var city = fixture.City;
        Assert.All(Residents, r =>
        {
            var town = city.FindTown(r.TownCode);
            Assert.NotNull(town);
            Assert.Equal(town.WardCode, r.WardCode);
            Assert.Equal(town.PostalCode, r.PostalCode);
            Assert.StartsWith($"大阪府堺市{city.Wards.Single(w => w.Code == r.WardCode).Name}{town.DisplayName}{r.Banchi}", r.Address, StringComparison.Ordinal);
            Assert.Single(city.VotingDistricts, d => d.TownCodes.Contains(r.TownCode));
        });
    }

    [Fact]
    public void Households_share_one_address_one_surname_and_children_are_younger_than_parents()
    {
        foreach (var household in Residents.GroupBy(r => r.HouseholdId))
        {
            var members = household.ToList();
            Assert.Single(members, m => m.Relationship == Relationship.Head);
            Assert.Single(members.Select(m => m.Address).Distinct());
            Assert.Single(members.Select(m => m.Surname).Distinct());
            var parents = members.Where(m => m.Relationship is Relationship.Head or Relationship.Wife or Relationship.Husband).ToList();
            foreach (var child in members.Where(m => m.Relationship == Relationship.Child))
            {
                Assert.All(parents, p => Assert.True(p.BirthDate < child.BirthDate, $"{household.Key}: child {child.BirthDate} not younger than parent {p.BirthDate}"));
            }
        }
    }

    [Fact]
    public void Some_are_seventeen_with_an_eighteenth_birthday_close_and_some_moved_in_less_than_three_months_ago()
    {
        var asOf = PopulationFixture.AsOf;
        var turning18Soon = Residents.Count(r => PopulationFixture.AgeOn(r.BirthDate, asOf) == 17 && r.BirthDate.AddYears(18) <= asOf.AddMonths(3));
        Assert.True(turning18Soon > 100, $"{turning18Soon} people turn 18 within three months");
        var recent = Residents.Count(r => r.ResidentSince > asOf.AddMonths(-3) && r.PreviousAddress.Length > 0);
        Assert.InRange(recent / (double)Residents.Count, 0.005, 0.03);
        Assert.All(Residents, r =>
        {
            Assert.True(r.ResidentSince >= r.BirthDate && r.ResidentSince <= asOf, r.ResidentId);
            if (r.PreviousAddress.Length == 0)
            {
                Assert.Equal(r.BirthDate, r.ResidentSince); // born here: residence counts from birth
            }
        });
    }

    [Fact]
    public void Phone_numbers_are_synthetic_shapes()
    {
        Assert.All(Residents.Where(r => r.Phone.Length > 0), r => Assert.Matches(@"^(072-2\d\d-\d{4}|0[789]0-\d{4}-\d{4})$", r.Phone));
    }
}

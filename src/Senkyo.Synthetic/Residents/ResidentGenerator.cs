using Senkyo.Domain.Municipality;
using Senkyo.Synthetic.Catalog;
using Senkyo.Synthetic.Sampling;

namespace Senkyo.Synthetic.Residents;

/// <summary>
/// Generates the synthetic residents of a municipality, chunk by chunk. A chunk is
/// <see cref="ChunkSize"/> people whose ages and sexes are drawn from the national pyramid and
/// then formed into households (families around the children first, then couples, then people
/// living alone), so the age marginal is exact by construction and households stay plausible:
/// one surname, one address, children younger than their parents. Each chunk has its own random
/// stream derived from (seed, chunk), which makes the output identical whatever the thread count.
/// </summary>
public sealed class ResidentGenerator
{
    public const int ChunkSize = 4096;

    /// <summary>Share of households whose members are foreign nationals (not electors): ~2.5% of people.</summary>
    public const double ForeignHouseholdShare = 0.025;

    /// <summary>Chance that a surname with a variant-capable character is written with its variant (→ ~2% of people).</summary>
    public const double VariantSurnameChance = 0.10;

    private const long IdSpace = 10_000_000_000L;
    private const long IdMultiplier = 3_141_592_653L; // coprime with 10: a bijection of the 10-digit space
    private const long HouseholdMultiplier = 2_718_281_829L;

    private static readonly string[] MobilePrefixes = ["070", "080", "090"];

    private static readonly string[] BuildingPrefixes = ["サンハイツ", "グランコート", "メゾン", "コーポ", "パークハイム", "リバーサイド", "ロイヤルマンション", "ハイツ", "フォレスト", "アーバン"];

    private readonly Municipality _city;
    private readonly NameCatalog _names;
    private readonly AgePyramid _pyramid;
    private readonly IReadOnlyList<OtherTown> _otherTowns;
    private readonly WeightedTable<Town> _towns;
    private readonly Dictionary<string, Ward> _wards;
    private readonly ulong _seed;
    private readonly long _idOffset;
    private readonly long _householdOffset;

    public ResidentGenerator(Municipality city, SyntheticCatalog catalog, ulong seed, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(city);
        ArgumentNullException.ThrowIfNull(catalog);
        _city = city;
        _names = catalog.Names;
        _pyramid = catalog.Pyramid;
        _otherTowns = catalog.OtherTowns;
        _seed = seed;
        AsOf = asOf;
        _towns = new WeightedTable<Town>(city.Towns.Select(t => (t, (double)t.Population)));
        _wards = city.Wards.ToDictionary(w => w.Code, StringComparer.Ordinal);
        var offsets = new Rng(seed, ulong.MaxValue);
        _idOffset = (long)(offsets.NextUInt64() % IdSpace);
        _householdOffset = (long)(offsets.NextUInt64() % IdSpace);
    }

    public DateOnly AsOf { get; }

    public Municipality City => _city;

    public static int ChunkCount(long count) => (int)((count + ChunkSize - 1) / ChunkSize);

    public static int ChunkLength(long count, int chunk) => (int)Math.Min(ChunkSize, count - ((long)chunk * ChunkSize));

    /// <summary>The residents of one chunk, household by household.</summary>
    public IReadOnlyList<SyntheticResident> GenerateChunk(int chunk, int size)
    {
        var rng = new Rng(_seed, (ulong)chunk);
        var people = DrawPeople(size, ref rng);
        var households = new HouseholdFormer(people).Form(ref rng);
        var result = new List<SyntheticResident>(size);
        var personIndex = (long)chunk * ChunkSize;
        for (var h = 0; h < households.Count; h++)
        {
            var householdId = Scramble(((long)chunk * ChunkSize) + h, HouseholdMultiplier, _householdOffset);
            EmitHousehold(households[h], people, householdId, ref personIndex, result, ref rng);
        }

        return result;
    }

    private Person[] DrawPeople(int size, ref Rng rng)
    {
        var people = new Person[size];
        for (var i = 0; i < size; i++)
        {
            var (sex, age) = _pyramid.Sample(ref rng);
            // Born on a uniformly drawn day of the year that makes them `age` on AsOf.
            var latest = AsOf.AddYears(-age);
            var earliest = AsOf.AddYears(-age - 1).AddDays(1);
            var birth = earliest.AddDays(rng.Next(latest.DayNumber - earliest.DayNumber + 1));
            people[i] = new Person(sex, age, birth);
        }

        return people;
    }

    private void EmitHousehold(Household household, Person[] people, string householdId, ref long personIndex, List<SyntheticResident> output, ref Rng rng)
    {
        var head = people[household.Members[0].Person];
        var foreign = rng.Chance(ForeignHouseholdShare) ? _names.ForeignNationality(ref rng) : null;
        var surname = foreign?.Surname(ref rng) ?? _names.Surname(ref rng);
        var surnameText = surname.Kanji;
        if (foreign is null && rng.Chance(VariantSurnameChance) && NameCatalog.WithVariant(surnameText, ref rng) is { } variant)
        {
            surnameText = variant;
        }

        var town = _towns.Sample(ref rng);
        var ward = _wards[town.WardCode];
        var banchi = town.Chome == 0
            ? rng.Chance(0.3) ? string.Concat(Digits.Of(rng.Between(1, 2500)), "番地の", Digits.Of(rng.Between(1, 30))) : Digits.Of(rng.Between(1, 2500)) + "番地"
            : string.Concat(Digits.Of(rng.Between(1, 30)), "番", Digits.Of(rng.Between(1, 25)), "号");
        var building = rng.Chance(0.42)
            ? string.Concat(BuildingPrefixes[rng.Next(BuildingPrefixes.Length)], town.Name, " ", Digits.Of(rng.Between(1, 12)), Digits.Two(rng.Between(1, 12)))
            : "";
        var chome = town.Chome == 0 ? "" : Digits.Of(town.Chome) + "丁目";
        var address = building.Length > 0
            ? string.Concat([_city.Prefecture, _city.Name, ward.Name, town.Name, chome, banchi, " ", building])
            : string.Concat([_city.Prefecture, _city.Name, ward.Name, town.Name, chome, banchi]);
        var landline = rng.Chance(0.55) ? Digits.Phone("072", rng.Between(200, 299), 3, rng.Next(10_000), 4) : "";

        // Residence: a household either has lived here since birth or moved in on one day.
        DateOnly? movedIn = null;
        string previous = "";
        if (!rng.Chance(0.30) || head.Age < 18)
        {
            var day = AsOf.AddDays(-(int)Math.Min(rng.Exponential(14 * 365.25), 80 * 365));
            var adultSince = head.BirthDate.AddYears(18);
            if (day < adultSince)
            {
                // The head moved here as an adult: redraw uniformly over their adult years.
                day = adultSince.AddDays(rng.Next(AsOf.DayNumber - adultSince.DayNumber + 1));
            }

            movedIn = day;
            var other = _otherTowns[rng.Next(_otherTowns.Count)];
            previous = string.Concat([other.Prefecture, other.Municipality, other.Town, Digits.Of(rng.Between(1, 5)), "丁目", Digits.Of(rng.Between(1, 30)), "番", Digits.Of(rng.Between(1, 25)), "号"]);
        }

        foreach (var member in household.Members)
        {
            var p = people[member.Person];
            var given = foreign?.GivenName(p.Sex, ref rng) ?? _names.GivenName(p.Sex, p.BirthDate.Year, ref rng);
            var bornHere = movedIn is null || p.BirthDate >= movedIn.Value;
            var phone = member.Relationship == Relationship.Head && landline.Length > 0
                ? landline
                : p.Age >= 15 && rng.Chance(0.5) ? Digits.Phone(MobilePrefixes[rng.Next(3)], rng.Between(1000, 9999), 4, rng.Next(10_000), 4) : "";
            output.Add(new SyntheticResident(
                Domain.Residents.ResidentId.FromBody(Scramble10(personIndex++, IdMultiplier, _idOffset)),
                householdId,
                member.Relationship,
                surnameText,
                given.Kanji,
                surname.Kana,
                given.Kana,
                p.Sex,
                p.BirthDate,
                foreign?.Nationality ?? "JPN",
                town.PostalCode,
                town.WardCode,
                town.Code,
                address,
                banchi,
                building,
                phone,
                bornHere ? p.BirthDate : movedIn!.Value,
                bornHere ? "" : previous));
        }
    }

    private static long Scramble10(long index, long multiplier, long offset) =>
        (long)((((UInt128)(ulong)index * (ulong)multiplier) + (ulong)offset) % IdSpace);

    private static string Scramble(long index, long multiplier, long offset) => Digits.Padded(Scramble10(index, multiplier, offset), 10);
}

/// <summary>A person drawn for a chunk, before names and addresses are given.</summary>
internal readonly record struct Person(int Sex, int Age, DateOnly BirthDate);

internal readonly record struct Member(int Person, string Relationship);

internal sealed class Household(List<Member> members)
{
    public List<Member> Members { get; } = members;
}

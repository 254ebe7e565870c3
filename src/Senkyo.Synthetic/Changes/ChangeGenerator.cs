using Senkyo.Domain.Municipality;
using Senkyo.Synthetic.Catalog;
using Senkyo.Synthetic.Residents;
using Senkyo.Synthetic.Sampling;

namespace Senkyo.Synthetic.Changes;

/// <summary>
/// Simulates a period of the resident registry day by day, starting from a base file: move-ins,
/// move-outs, moves within the city, deaths, births, name changes on marriage, gaining and losing
/// Japanese nationality, at rates typical of a large Japanese city. Every event refers to a
/// resident who exists on its date, and nobody has two events whose dates cross.
/// </summary>
public sealed class ChangeGenerator
{
    // Annual rates per resident (a designated city: ~4% move in and out a year, ~3% move within).
    private const double MoveInRate = 0.040;
    private const double MoveOutRate = 0.038;
    private const double MoveWithinRate = 0.030;
    private const double BirthRate = 0.0065;
    private const double NameChangeRate = 0.0035;
    private const double NaturalizationRate = 0.010; // of foreign residents
    private const double NationalityLossRate = 0.00005; // of Japanese nationals
    private const double SamePrefectureShare = 0.40; // of move-outs: matters for 法9③

    // Rates are per person; events happen per household. Newcomer households come in generation
    // order (mean size ~2.1); a household found through a random person is size-biased (~2.8).
    private const double NewcomerHouseholdSize = 2.1;
    private const double SizeBiasedHouseholdSize = 2.8;

    private readonly SyntheticCatalog _catalog;
    private readonly ResidentGenerator _newcomers;
    private readonly SyntheticAddresses _addresses;
    private readonly ulong _seed;
    private int _newcomerChunk;
    private Queue<SyntheticResident> _newcomerQueue = new();

    public ChangeGenerator(Municipality city, SyntheticCatalog catalog, ulong seed, DateOnly from)
    {
        ArgumentNullException.ThrowIfNull(city);
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
        _seed = seed;
        // Newcomers come from chunks far beyond any base file, so their ids never collide (the id
        // scrambling is a bijection of the index).
        _newcomers = new ResidentGenerator(city, catalog, seed, from);
        _newcomerChunk = NewcomerChunkBase(from);
        _addresses = new SyntheticAddresses(city, catalog.OtherTowns);
    }

    /// <summary>
    /// Newcomers (movers-in, newborns) take ids from chunks far beyond any base file (which uses
    /// chunks from 0; 11.5 million people need about 11,000), 48 chunks (~49,000 people) per
    /// possible period start day since 2000, so change files of successive periods never collide;
    /// the id scrambling is a bijection of the person index, so ids stay unique.
    /// </summary>
    private static int NewcomerChunkBase(DateOnly from) => 2_000_000 + (Math.Max(0, from.DayNumber - new DateOnly(2000, 1, 1).DayNumber) * 48);

    /// <summary>Replays the base residents, then yields the events of [from, to] in filing order.</summary>
    public IEnumerable<ChangeEvent> Generate(IEnumerable<SyntheticResident> baseResidents, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(baseResidents);
        var state = new RegistryState(baseResidents);
        var rng = new Rng(_seed, 0xC4A6_6E5UL);
        long eventId = 0;
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var events = new List<ChangeEvent>();
            var population = state.PresentCount;
            var dayNumber = day.DayNumber;

            for (var n = Poisson(population * MoveInRate / 365 / NewcomerHouseholdSize, ref rng); n > 0; n--)
            {
                MoveIn(state, day, from, events, ref rng);
            }

            for (var n = Poisson(population * MoveOutRate / 365 / SizeBiasedHouseholdSize, ref rng); n > 0; n--)
            {
                if (state.RandomHousehold(dayNumber, ref rng) is { } household)
                {
                    MoveOut(state, household, day, events, ref rng);
                }
            }

            for (var n = Poisson(population * MoveWithinRate / 365 / SizeBiasedHouseholdSize, ref rng); n > 0; n--)
            {
                if (state.RandomHousehold(dayNumber, ref rng) is { } household)
                {
                    MoveWithin(state, household, day, from, events, ref rng);
                }
            }

            Deaths(state, day, from, events, ref rng);
            for (var n = Poisson(population * BirthRate / 365, ref rng); n > 0; n--)
            {
                Birth(state, day, from, events, ref rng);
            }

            for (var n = Poisson(population * NameChangeRate / 365, ref rng); n > 0; n--)
            {
                if (state.RandomPerson(dayNumber, ref rng, p => p.Row.Sex == 2 && p.Row.Nationality == "JPN" && Age(p.Row, day) is >= 22 and <= 40) is { } person)
                {
                    var surname = _catalog.Names.Surname(ref rng);
                    var eventDate = EventDateBefore(day, from, person, 14, ref rng);
                    person.Update(person.Row with { Surname = surname.Kanji, SurnameKana = surname.Kana }, day);
                    events.Add(new ChangeEvent(0, ChangeKind.NameChange, eventDate, day, person.Row, "", ""));
                }
            }

            for (var n = Poisson(state.ForeignCount * NaturalizationRate / 365, ref rng); n > 0; n--)
            {
                if (state.RandomPerson(dayNumber, ref rng, p => p.Row.Nationality != "JPN") is { } person)
                {
                    var eventDate = EventDateBefore(day, from, person, 30, ref rng);
                    person.Update(person.Row with { Nationality = "JPN" }, day);
                    state.ForeignCount--;
                    events.Add(new ChangeEvent(0, ChangeKind.NationalityGained, eventDate, day, person.Row, "", ""));
                }
            }

            for (var n = Poisson(population * NationalityLossRate / 365, ref rng); n > 0; n--)
            {
                if (state.RandomPerson(dayNumber, ref rng, p => p.Row.Nationality == "JPN" && Age(p.Row, day) >= 18) is { } person)
                {
                    var eventDate = EventDateBefore(day, from, person, 30, ref rng);
                    person.Update(person.Row with { Nationality = "USA" }, day);
                    state.ForeignCount++;
                    events.Add(new ChangeEvent(0, ChangeKind.NationalityLost, eventDate, day, person.Row, "", ""));
                }
            }

            foreach (var e in events)
            {
                yield return e with { EventId = ++eventId };
            }
        }
    }

    private static int Age(SyntheticResident r, DateOnly day) =>
        day.Year - r.BirthDate.Year - (day.Month < r.BirthDate.Month || (day.Month == r.BirthDate.Month && day.Day < r.BirthDate.Day) ? 1 : 0);

    /// <summary>An event date up to <paramref name="maxLag"/> days before filing, never before the person's last event nor the period.</summary>
    private static DateOnly EventDateBefore(DateOnly filing, DateOnly from, RegistryState.Person person, int maxLag, ref Rng rng)
    {
        var earliest = Math.Max(Math.Max(from.DayNumber, person.LastEventDay + 1), person.Row.BirthDate.DayNumber);
        var day = Math.Max(earliest, filing.DayNumber - rng.Next(maxLag + 1));
        return DateOnly.FromDayNumber(Math.Min(day, filing.DayNumber));
    }

    private void MoveIn(RegistryState state, DateOnly day, DateOnly from, List<ChangeEvent> events, ref Rng rng)
    {
        var household = NextNewcomerHousehold(ref rng);
        var moved = DateOnly.FromDayNumber(Math.Max(from.DayNumber, day.DayNumber - rng.Next(15)));
        var previous = _addresses.Anywhere(ref rng);
        var home = _addresses.Home(ref rng);
        foreach (var member in household)
        {
            // A newcomer's birth date is drawn relative to the period start; one not yet born on the
            // moving day would be a birth, not a move-in, so they stay out.
            if (member.BirthDate > moved)
            {
                continue;
            }

            var row = WithHome(member, home) with { ResidentSince = day, PreviousAddress = previous };
            state.Add(row, day);
            events.Add(new ChangeEvent(0, ChangeKind.MoveIn, moved, day, row, "", ""));
        }
    }

    private void MoveOut(RegistryState state, List<RegistryState.Person> household, DateOnly day, List<ChangeEvent> events, ref Rng rng)
    {
        // 転出届 is filed before leaving (up to 14 days ahead); the person leaves the registry at filing.
        var moving = day.AddDays(rng.Next(15));
        var (prefecture, address) = _addresses.Destination(ref rng, samePrefecture: rng.Chance(SamePrefectureShare));
        foreach (var person in household)
        {
            state.Remove(person, day);
            events.Add(new ChangeEvent(0, ChangeKind.MoveOut, moving, day, person.Row, prefecture, address));
        }
    }

    private void MoveWithin(RegistryState state, List<RegistryState.Person> household, DateOnly day, DateOnly from, List<ChangeEvent> events, ref Rng rng)
    {
        var current = household[0].Row.TownCode;
        Town town;
        do
        {
            town = _addresses.Town(ref rng);
        }
        while (town.Code == current);

        var moved = DateOnly.FromDayNumber(Math.Max(Math.Max(from.DayNumber, household.Max(p => p.LastEventDay) + 1), day.DayNumber - rng.Next(15)));
        var home = _addresses.Home(ref rng, town);
        foreach (var person in household)
        {
            person.Update(WithHome(person.Row, home), day);
            events.Add(new ChangeEvent(0, ChangeKind.MoveWithin, moved > day ? day : moved, day, person.Row, "", ""));
        }
    }

    private static void Deaths(RegistryState state, DateOnly day, DateOnly from, List<ChangeEvent> events, ref Rng rng)
    {
        // Gompertz mortality, q(age) = 0.00003·e^(0.095·age) a year: ~0.35% at 50, ~6% at 80.
        const double MaxHazard = 0.6;
        var expected = state.PresentCount * 0.0105 / 365;
        var dayNumber = day.DayNumber;
        for (var n = Poisson(expected * 4, ref rng); n > 0; n--)
        {
            if (state.RandomPerson(dayNumber, ref rng, _ => true) is not { } person)
            {
                continue;
            }

            var q = Math.Min(MaxHazard, 0.00003 * Math.Exp(0.095 * Age(person.Row, day)));
            // Thinning: candidates are drawn at 4× the mean rate and kept in proportion to their hazard.
            if (!rng.Chance(q / 0.0105 / 4))
            {
                continue;
            }

            var died = EventDateBefore(day, from, person, 7, ref rng);
            state.Remove(person, day);
            events.Add(new ChangeEvent(0, ChangeKind.Death, died, day, person.Row, "", ""));
        }
    }

    private void Birth(RegistryState state, DateOnly day, DateOnly from, List<ChangeEvent> events, ref Rng rng)
    {
        if (state.RandomPerson(day.DayNumber, ref rng, p => p.Row.Sex == 2 && Age(p.Row, day) is >= 20 and <= 44) is not { } mother)
        {
            return;
        }

        var born = DateOnly.FromDayNumber(Math.Max(from.DayNumber, day.DayNumber - rng.Next(15)));
        var sex = rng.Between(1, 2);
        var given = _catalog.Names.GivenName(sex, born.Year, ref rng);
        var m = mother.Row;
        var child = m with
        {
            ResidentId = NextNewcomerId(),
            Relationship = Relationship.Child,
            GivenName = given.Kanji,
            GivenNameKana = given.Kana,
            Sex = sex,
            BirthDate = born,
            Phone = "",
            ResidentSince = born,
            PreviousAddress = "",
        };
        mother.Touch(day);
        state.Add(child, day);
        events.Add(new ChangeEvent(0, ChangeKind.Birth, born, day, child, "", ""));
    }

    private static SyntheticResident WithHome(SyntheticResident r, HomeAddress home) => r with
    {
        PostalCode = home.Town.PostalCode, WardCode = home.Town.WardCode, TownCode = home.Town.Code,
        Address = home.Address, Banchi = home.Banchi, Building = home.Building,
    };

    private List<SyntheticResident> NextNewcomerHousehold(ref Rng rng)
    {
        if (_newcomerQueue.Count == 0)
        {
            _newcomerQueue = new Queue<SyntheticResident>(_newcomers.GenerateChunk(_newcomerChunk++, ResidentGenerator.ChunkSize));
        }

        var household = new List<SyntheticResident> { _newcomerQueue.Dequeue() };
        while (_newcomerQueue.Count > 0 && _newcomerQueue.Peek().HouseholdId == household[0].HouseholdId)
        {
            household.Add(_newcomerQueue.Dequeue());
        }

        return household;
    }

    private string NextNewcomerId()
    {
        if (_newcomerQueue.Count == 0)
        {
            _newcomerQueue = new Queue<SyntheticResident>(_newcomers.GenerateChunk(_newcomerChunk++, ResidentGenerator.ChunkSize));
        }

        // A fresh id from the newcomer stream; the rest of that row is not needed.
        return _newcomerQueue.Dequeue().ResidentId;
    }

    private static int Poisson(double lambda, ref Rng rng)
    {
        if (lambda <= 0)
        {
            return 0;
        }

        if (lambda > 60)
        {
            // Normal approximation: exact enough for daily counts, and O(1).
            var u1 = 1.0 - rng.NextDouble();
            var u2 = rng.NextDouble();
            var z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            return Math.Max(0, (int)Math.Round(lambda + (z * Math.Sqrt(lambda))));
        }

        var limit = Math.Exp(-lambda);
        var k = 0;
        var p = rng.NextDouble();
        while (p > limit)
        {
            k++;
            p *= rng.NextDouble();
        }

        return k;
    }
}

using Senkyo.Synthetic.Residents;
using Senkyo.Synthetic.Sampling;

namespace Senkyo.Synthetic.Changes;

/// <summary>
/// The registry as the change simulation sees it: who is present, by household, and the day of
/// each person's last event (so a later event never predates an earlier one).
/// </summary>
internal sealed class RegistryState
{
    private readonly List<Person> _present = [];
    private readonly Dictionary<string, List<Person>> _households = new(StringComparer.Ordinal);

    public RegistryState(IEnumerable<SyntheticResident> residents)
    {
        foreach (var r in residents)
        {
            Add(r, DateOnly.MinValue);
        }
    }

    public int PresentCount => _present.Count;

    public int ForeignCount { get; set; }

    public void Add(SyntheticResident row, DateOnly day)
    {
        var person = new Person(row, day.DayNumber, _present.Count);
        _present.Add(person);
        if (!_households.TryGetValue(row.HouseholdId, out var members))
        {
            _households[row.HouseholdId] = members = [];
        }

        members.Add(person);
        if (row.Nationality != "JPN")
        {
            ForeignCount++;
        }
    }

    public void Remove(Person person, DateOnly day)
    {
        person.Touch(day);
        var last = _present[^1];
        _present[person.Slot] = last;
        last.Slot = person.Slot;
        _present.RemoveAt(_present.Count - 1);
        person.Slot = -1;
        var members = _households[person.Row.HouseholdId];
        members.Remove(person);
        if (members.Count == 0)
        {
            _households.Remove(person.Row.HouseholdId);
        }

        if (person.Row.Nationality != "JPN")
        {
            ForeignCount--;
        }
    }

    /// <summary>A random present person without an event today who satisfies the condition (or null after a few tries).</summary>
    public Person? RandomPerson(int dayNumber, ref Rng rng, Func<Person, bool> condition)
    {
        for (var attempt = 0; attempt < 64 && _present.Count > 0; attempt++)
        {
            var p = _present[rng.Next(_present.Count)];
            if (p.LastEventDay < dayNumber && condition(p))
            {
                return p;
            }
        }

        return null;
    }

    /// <summary>The household of a random present person, when none of its members has had an event today.</summary>
    public List<Person>? RandomHousehold(int dayNumber, ref Rng rng)
    {
        if (RandomPerson(dayNumber, ref rng, _ => true) is not { } p)
        {
            return null;
        }

        var members = _households[p.Row.HouseholdId];
        return members.All(m => m.LastEventDay < dayNumber) ? [.. members] : null;
    }

    internal sealed class Person(SyntheticResident row, int lastEventDay, int slot)
    {
        public SyntheticResident Row { get; private set; } = row;

        public int LastEventDay { get; private set; } = lastEventDay;

        public int Slot { get; set; } = slot;

        public void Update(SyntheticResident row, DateOnly day)
        {
            Row = row;
            Touch(day);
        }

        public void Touch(DateOnly day) => LastEventDay = Math.Max(LastEventDay, day.DayNumber);
    }
}

using Senkyo.Synthetic.Sampling;

namespace Senkyo.Synthetic.Residents;

/// <summary>
/// Forms households (世帯) from the people of one chunk: families around the children first
/// (mother 20–42 years older than the eldest child, father of a similar age, sometimes a
/// grandparent), then young adults living with their parents, then couples, then people
/// living alone. Everyone ends up in exactly one household.
/// </summary>
internal sealed class HouseholdFormer
{
    private const int MaxAge = 110;
    private const int Any = 0;

    private readonly Person[] _people;
    private readonly List<int>[][] _pool; // [sex-1][age] → unassigned people
    private readonly List<Household> _households = [];

    public HouseholdFormer(Person[] people)
    {
        _people = people;
        _pool = [new List<int>[MaxAge + 1], new List<int>[MaxAge + 1]];
        for (var s = 0; s < 2; s++)
        {
            for (var a = 0; a <= MaxAge; a++)
            {
                _pool[s][a] = [];
            }
        }

        for (var i = 0; i < people.Length; i++)
        {
            _pool[people[i].Sex - 1][Math.Min(people[i].Age, MaxAge)].Add(i);
        }
    }

    public List<Household> Form(ref Rng rng)
    {
        FormFamilies(ref rng);
        FormAdultChildrenWithParents(ref rng);
        FormCouples(ref rng);
        for (var s = 0; s < 2; s++)
        {
            for (var a = 0; a <= MaxAge; a++)
            {
                foreach (var i in _pool[s][a])
                {
                    _households.Add(new Household([new Member(i, Relationship.Head)]));
                }

                _pool[s][a].Clear();
            }
        }

        return _households;
    }

    private void FormFamilies(ref Rng rng)
    {
        for (var childAge = 0; childAge < 18; childAge++)
        {
            while (TryTake(Any, childAge, childAge, ref rng, out var first))
            {
                var children = new List<int> { first };
                var siblings = rng.NextDouble() switch { < 0.42 => 0, < 0.85 => 1, < 0.98 => 2, _ => 3 };
                for (var k = 0; k < siblings; k++)
                {
                    if (TryTake(Any, Math.Max(0, childAge - 1), Math.Min(17, childAge + 6), ref rng, out var sibling))
                    {
                        children.Add(sibling);
                    }
                }

                var eldest = children.Max(c => _people[c].Age);
                var members = TakeParents(eldest, new ParentGaps(MotherMax: 42, FatherChance: 0.87, LoneFatherMin: 20, LoneFatherMax: 50, AnyAdult: true), ref rng);

                if (members.Count == 0)
                {
                    // No adult left in this chunk: the eldest child heads the household.
                    children.Sort((a, b) => _people[b].Age.CompareTo(_people[a].Age));
                    members.Add(new Member(children[0], Relationship.Head));
                    children.RemoveAt(0);
                }

                members.AddRange(children.Select(c => new Member(c, Relationship.Child)));
                if (members[0].Relationship == Relationship.Head && _people[members[0].Person].Age >= eldest + 36 && rng.Chance(0.35)
                    && TryTake(Any, Math.Max(18, eldest + 1), Math.Min(30, eldest + 14), ref rng, out var adultChild))
                {
                    // An older brother or sister, already grown up, still at home.
                    members.Add(new Member(adultChild, Relationship.Child));
                }

                var headAge = _people[members[0].Person].Age;
                if (rng.Chance(0.10) && TryTake(Any, headAge + 22, headAge + 40, ref rng, out var grandparent))
                {
                    members.Add(new Member(grandparent, _people[grandparent].Sex == 1 ? Relationship.Father : Relationship.Mother));
                }

                _households.Add(new Household(members));
            }
        }
    }

    private void FormAdultChildrenWithParents(ref Rng rng)
    {
        for (var age = 18; age <= 39; age++)
        {
            var share = age < 25 ? 0.70 : age < 30 ? 0.50 : age < 35 ? 0.30 : 0.15;
            var candidates = _pool[0][age].Count + _pool[1][age].Count;
            var wanted = (int)Math.Round(candidates * share);
            for (var n = 0; n < wanted && TryTake(Any, age, age, ref rng, out var child); n++)
            {
                var members = TakeParents(age, new ParentGaps(MotherMax: 40, FatherChance: 0.8, LoneFatherMin: 22, LoneFatherMax: 45, AnyAdult: false), ref rng);

                if (members.Count == 0)
                {
                    members.Add(new Member(child, Relationship.Head));
                }
                else
                {
                    members.Add(new Member(child, Relationship.Child));
                    if (rng.Chance(0.35) && TryTake(Any, age - 4, age + 4, ref rng, out var sibling))
                    {
                        members.Add(new Member(sibling, Relationship.Child));
                    }
                }

                _households.Add(new Household(members));
            }
        }
    }

    private void FormCouples(ref Rng rng)
    {
        for (var age = 20; age <= MaxAge; age++)
        {
            var share = age switch { < 25 => 0.10, < 30 => 0.40, < 35 => 0.60, < 45 => 0.70, < 65 => 0.72, < 75 => 0.72, < 85 => 0.60, _ => 0.35 };
            var wanted = (int)Math.Round(_pool[0][age].Count * share);
            for (var n = 0; n < wanted && TryTake(1, age, age, ref rng, out var husband); n++)
            {
                if (TryTake(2, age - 8, age + 2, ref rng, out var wife))
                {
                    _households.Add(new Household([new Member(husband, Relationship.Head), new Member(wife, Relationship.Wife)]));
                }
                else
                {
                    _households.Add(new Household([new Member(husband, Relationship.Head)]));
                }
            }
        }
    }

    /// <summary>How much older than their eldest child parents may be, and how often a father is there.</summary>
    private readonly record struct ParentGaps(int MotherMax, double FatherChance, int LoneFatherMin, int LoneFatherMax, bool AnyAdult);

    /// <summary>
    /// The parents of children whose eldest is <paramref name="eldest"/>: a mother 22 years older or
    /// more, usually with a husband of about her age (世帯主 and 妻); else a lone father; else, when
    /// allowed, any adult. Empty when the chunk has nobody suitable left.
    /// </summary>
    private List<Member> TakeParents(int eldest, ParentGaps gaps, ref Rng rng)
    {
        var members = new List<Member>();
        if (TryTake(2, eldest + 22, eldest + gaps.MotherMax, ref rng, out var mother))
        {
            if (rng.Chance(gaps.FatherChance) && TryTake(1, _people[mother].Age - 2, _people[mother].Age + 7, ref rng, out var husband))
            {
                members.Add(new Member(husband, Relationship.Head));
                members.Add(new Member(mother, Relationship.Wife));
            }
            else
            {
                members.Add(new Member(mother, Relationship.Head));
            }
        }
        else if (TryTake(1, eldest + gaps.LoneFatherMin, eldest + gaps.LoneFatherMax, ref rng, out var father)
            || (gaps.AnyAdult && TryTake(Any, eldest + 18, MaxAge, ref rng, out father)))
        {
            members.Add(new Member(father, Relationship.Head));
        }

        return members;
    }

    /// <summary>Takes an unassigned person of the sex (0 = either) in the age range, preferring a random age.</summary>
    private bool TryTake(int sex, int minAge, int maxAge, ref Rng rng, out int person)
    {
        minAge = Math.Max(0, minAge);
        maxAge = Math.Min(MaxAge, maxAge);
        person = -1;
        if (minAge > maxAge)
        {
            return false;
        }

        for (var attempt = 0; attempt < 6; attempt++)
        {
            var s = sex == Any ? rng.Between(1, 2) : sex;
            if (TakeFrom(_pool[s - 1][rng.Between(minAge, maxAge)], ref rng, out person))
            {
                return true;
            }
        }

        var span = maxAge - minAge + 1;
        var start = rng.Next(span);
        for (var k = 0; k < span; k++)
        {
            var age = minAge + ((start + k) % span);
            for (var s = 1; s <= 2; s++)
            {
                if ((sex == Any || sex == s) && TakeFrom(_pool[s - 1][age], ref rng, out person))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool TakeFrom(List<int> bucket, ref Rng rng, out int person)
    {
        if (bucket.Count == 0)
        {
            person = -1;
            return false;
        }

        var i = rng.Next(bucket.Count);
        person = bucket[i];
        bucket[i] = bucket[^1];
        bucket.RemoveAt(bucket.Count - 1);
        return true;
    }
}

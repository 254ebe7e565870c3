namespace Senkyo.Domain.Results;

/// <summary>
/// くじ (法95②; 法95の2・法95の3 for list order): where the law leaves a tie to a draw by the
/// 選挙長, the engine never picks. It looks for a draw the officials recorded among exactly the
/// tied ids; without one it reports a <see cref="PendingLot"/>.
/// </summary>
public sealed class LotBook(IReadOnlyList<LotRecord> lots)
{
    public bool TryFind(IEnumerable<string> among, out IReadOnlyList<string> drawn)
    {
        var set = among.ToHashSet(StringComparer.Ordinal);
        foreach (var lot in lots)
        {
            if (lot.Among.Count == set.Count && lot.Among.All(set.Contains))
            {
                drawn = lot.Drawn;
                return true;
            }
        }

        drawn = [];
        return false;
    }
}

/// <summary>One step of an ordering: a single item, or a tie the law leaves to a lot.</summary>
public sealed record Tier<T>(IReadOnlyList<T> Items, bool Unresolved);

/// <summary>
/// Orders items best first with ties kept visible: equal items form one tier that a recorded
/// draw resolves, or that stays unresolved for the officials (法95②).
/// </summary>
public static class TieAwareOrdering
{
    public static List<Tier<T>> Order<T>(IEnumerable<T> items, Comparison<T> bestFirst, Func<T, string> id, LotBook lots, List<Flag> flags, string purpose)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(lots);
        ArgumentNullException.ThrowIfNull(flags);
        // Sort by id first so that input order never leaks into the result.
        var sorted = items.OrderBy(id, StringComparer.Ordinal).ToList();
        sorted.Sort((a, b) =>
        {
            var c = bestFirst(a, b);
            return c != 0 ? c : string.CompareOrdinal(id(a), id(b));
        });
        var tiers = new List<Tier<T>>();
        var i = 0;
        while (i < sorted.Count)
        {
            var j = i + 1;
            while (j < sorted.Count && bestFirst(sorted[i], sorted[j]) == 0)
            {
                j++;
            }

            var group = sorted.GetRange(i, j - i);
            if (group.Count == 1)
            {
                tiers.Add(new Tier<T>(group, false));
            }
            else if (lots.TryFind(group.Select(id), out var drawn) && drawn.Count == group.Count)
            {
                flags.Add(new Flag(FlagCode.DecidedByLot, $"{purpose}: tie among {string.Join(", ", group.Select(id))} decided by the recorded lot: {string.Join(", ", drawn)}."));
                foreach (var d in drawn)
                {
                    tiers.Add(new Tier<T>([group.First(g => id(g) == d)], false));
                }
            }
            else
            {
                tiers.Add(new Tier<T>(group, true));
            }

            i = j;
        }

        return tiers;
    }

    /// <summary>
    /// Fills <paramref name="places"/> from the tiers. A tie that fits wholly inside is elected
    /// with its order left to a lot; a tie across the last place leaves those places to a lot.
    /// </summary>
    public static (List<T> Elected, List<T> Pending, List<T> Others) Fill<T>(List<Tier<T>> tiers, int places, Func<T, string> id, List<Flag> flags, List<PendingLot> pending, string purpose)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(flags);
        ArgumentNullException.ThrowIfNull(pending);
        var elected = new List<T>();
        var undecided = new List<T>();
        var rest = new List<T>();
        var left = places;
        foreach (var tier in tiers)
        {
            if (left <= 0)
            {
                rest.AddRange(tier.Items);
                continue;
            }

            if (tier.Items.Count <= left)
            {
                elected.AddRange(tier.Items);
                left -= tier.Items.Count;
                if (tier.Unresolved)
                {
                    pending.Add(new PendingLot($"{purpose}: order (当選順位)", tier.Items.Select(id).ToList(), tier.Items.Count));
                    flags.Add(new Flag(FlagCode.LotRequired, $"{purpose}: {string.Join(", ", tier.Items.Select(id))} tie; all elected, their order is decided by lot (法95②)."));
                }

                continue;
            }

            // The tie straddles the last place: only a lot can decide (法95②).
            undecided.AddRange(tier.Items);
            pending.Add(new PendingLot(purpose, tier.Items.Select(id).ToList(), left));
            flags.Add(new Flag(FlagCode.LotRequired, $"{purpose}: {string.Join(", ", tier.Items.Select(id))} tie for {left} remaining place(s); the 選挙長 decides by lot (法95②)."));
            left = 0;
        }

        return (elected, undecided, rest);
    }
}

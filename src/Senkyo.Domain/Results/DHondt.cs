namespace Senkyo.Domain.Results;

/// <summary>A party's claim in a D'Hondt allocation: exact votes and how many seats its list can take.</summary>
public sealed record DHondtEntry(string Party, Rational Votes, int MaxSeats);

/// <summary>The seats per party, the winning quotients in rank order, and any lot left to the 選挙長.</summary>
public sealed record DHondtResult(
    IReadOnlyDictionary<string, int> Seats,
    IReadOnlyList<WinningQuotient> Quotients,
    IReadOnlyList<PendingLot> PendingLots,
    IReadOnlyList<string> Exhausted,
    IReadOnlyList<Flag> Flags);

/// <summary>
/// ドント式 (法95の2①, 法95の3①): each party's votes are divided by 1, 2, 3, … up to its
/// number of eligible list members; the largest quotients win. Quotients are compared exactly
/// by cross-multiplication. A party whose list is used up takes no more seats and the seat
/// passes to the next quotient (法95の2, 法95の3). Equal quotients competing for the last
/// seats are left to a lot (法95の2②, 法95の3②).
/// </summary>
public static class DHondt
{
    public static DHondtResult Allocate(IReadOnlyList<DHondtEntry> parties, int seats, LotBook lots, string purpose)
    {
        ArgumentNullException.ThrowIfNull(parties);
        ArgumentNullException.ThrowIfNull(lots);
        var won = parties.ToDictionary(p => p.Party, _ => 0, StringComparer.Ordinal);
        var quotients = new List<WinningQuotient>();
        var pending = new List<PendingLot>();
        var flags = new List<Flag>();
        var exhausted = new SortedSet<string>(StringComparer.Ordinal);
        var left = seats;
        while (left > 0)
        {
            // The highest next quotient v / (s + 1) among parties with list members left.
            var open = parties.Where(p => p.Votes.Sign > 0 && won[p.Party] < p.MaxSeats).ToList();
            var stopped = parties.Where(p => p.Votes.Sign > 0 && won[p.Party] >= p.MaxSeats && p.MaxSeats >= 0);
            if (open.Count == 0)
            {
                flags.Add(new Flag(FlagCode.SeatsUnfilled, $"{purpose}: {left} seat(s) left but no list has an eligible member."));
                break;
            }

            var best = new List<DHondtEntry>();
            Rational bestQuotient = Rational.Zero;
            foreach (var p in open)
            {
                var q = p.Votes / (won[p.Party] + 1);
                var c = best.Count == 0 ? 1 : q.CompareTo(bestQuotient);
                if (c > 0)
                {
                    best.Clear();
                    best.Add(p);
                    bestQuotient = q;
                }
                else if (c == 0)
                {
                    best.Add(p);
                }
            }

            foreach (var s in stopped)
            {
                // A used-up list whose next quotient would have won: the seat passes on.
                if (s.Votes / (won[s.Party] + 1) >= bestQuotient && exhausted.Add(s.Party))
                {
                    flags.Add(new Flag(FlagCode.ListExhausted,
                        $"{purpose}: {s.Party} has no eligible list member left after {won[s.Party]} seat(s); the seat passes to the next quotient."));
                }
            }

            best.Sort((a, b) => string.CompareOrdinal(a.Party, b.Party));
            if (best.Count > left)
            {
                if (lots.TryFind(best.Select(b => b.Party), out var drawn) && drawn.Count >= left)
                {
                    flags.Add(new Flag(FlagCode.DecidedByLot, $"{purpose}: equal quotients {bestQuotient.ToDecimalString(3)} for {string.Join(", ", best.Select(b => b.Party))}; lot drew {string.Join(", ", drawn.Take(left))}."));
                    best = drawn.Take(left).Select(d => best.First(b => b.Party == d)).ToList();
                }
                else
                {
                    pending.Add(new PendingLot($"{purpose}: last seat(s), equal quotients {bestQuotient.ToDecimalString(3)}", best.Select(b => b.Party).ToList(), left));
                    flags.Add(new Flag(FlagCode.LotRequired, $"{purpose}: {string.Join(", ", best.Select(b => b.Party))} have equal quotients {bestQuotient.ToFractionString()} for {left} seat(s); decided by lot (法95の2②)."));
                    break;
                }
            }

            foreach (var p in best)
            {
                won[p.Party]++;
                quotients.Add(new WinningQuotient(p.Party, won[p.Party], bestQuotient, quotients.Count + 1));
                left--;
            }
        }

        return new DHondtResult(won, quotients, pending, exhausted.ToList(), flags);
    }
}

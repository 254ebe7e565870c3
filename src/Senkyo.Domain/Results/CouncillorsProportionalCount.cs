namespace Senkyo.Domain.Results;

/// <summary>
/// 参議院比例代表選出議員の当選人 (法95の3). A party's total is its party-name votes plus the
/// personal votes of its list members (非拘束名簿式); seats by D'Hondt over the totals, no
/// party beyond its list, the seat passing on. Within a party, 特定枠 members come first in
/// their list order (法86の3①, 法95の3③), then the others by personal votes; equal personal
/// votes at the margin go to a lot (法95の3).
/// </summary>
public static class CouncillorsProportionalCount
{
    public static ContestResult Compute(Contest contest, ContestTally tally)
    {
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(tally);
        var flags = new List<Flag>(tally.Flags);
        var pending = new List<PendingLot>();
        var lots = new LotBook(contest.Lots);

        Rational Personal(Candidate c) => tally.Exact(Choice.OfCandidate(c.Id));
        Rational Total(Party p) => contest.Candidates.Where(c => c.Party == p.Id)
            .Aggregate(tally.Exact(Choice.OfParty(p.Id)), (sum, c) => sum + Personal(c));
        Votes PublishedTotal(Party p) => contest.Candidates.Where(c => c.Party == p.Id)
            .Aggregate(tally.Published(Choice.OfParty(p.Id)), (sum, c) => sum + tally.Published(Choice.OfCandidate(c.Id)));

        var entries = contest.Parties.Select(p => new DHondtEntry(p.Id, Total(p), contest.Candidates.Count(c => c.Party == p.Id))).ToList();
        var allocation = DHondt.Allocate(entries, contest.Seats, lots, contest.Id);
        flags.AddRange(allocation.Flags);
        pending.AddRange(allocation.PendingLots);

        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        var pendingIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var party in contest.Parties)
        {
            int Compare(Candidate a, Candidate b)
            {
                if (a.Priority != b.Priority)
                {
                    return a.Priority ? -1 : 1;
                }

                return a.Priority
                    ? (a.ListRank ?? int.MaxValue).CompareTo(b.ListRank ?? int.MaxValue)
                    : Personal(b).CompareTo(Personal(a));
            }

            var tiers = TieAwareOrdering.Order(contest.Candidates.Where(c => c.Party == party.Id), Compare, c => c.Id, lots, flags, $"{contest.Id} / {party.Id}");
            var (elected, undecided, _) = TieAwareOrdering.Fill(tiers, allocation.Seats[party.Id], c => c.Id, flags, pending, $"{contest.Id} / {party.Id}");
            for (var i = 0; i < elected.Count; i++)
            {
                order[elected[i].Id] = i + 1;
            }

            pendingIds.UnionWith(undecided.Select(c => c.Id));
        }

        return new ContestResult
        {
            Id = contest.Id,
            Name = contest.Name,
            Kind = contest.Kind,
            Seats = contest.Seats,
            ByElection = contest.ByElection,
            ValidVotes = tally.ValidVotes,
            Candidates = contest.Candidates.Select(c => new CandidateResult
            {
                Id = c.Id,
                Name = c.Name,
                Party = c.Party,
                ListRank = c.ListRank,
                Priority = c.Priority,
                Votes = tally.Published(Choice.OfCandidate(c.Id)),
                ExactVotes = Personal(c),
                Status = order.ContainsKey(c.Id) ? CandidateStatus.Elected : pendingIds.Contains(c.Id) ? CandidateStatus.LotPending : CandidateStatus.NotElected,
                ElectedOrder = order.TryGetValue(c.Id, out var o) ? o : null,
            })
                .OrderBy(c => c.Party, StringComparer.Ordinal)
                .ThenBy(c => c.ElectedOrder ?? int.MaxValue)
                .ThenByDescending(c => c.ExactVotes)
                .ThenBy(c => c.Id, StringComparer.Ordinal)
                .ToList(),
            Parties = contest.Parties.Select(p => new PartyResult
            {
                Id = p.Id,
                Name = p.Name,
                Votes = PublishedTotal(p),
                ExactVotes = Total(p),
                PartyNameVotes = tally.Published(Choice.OfParty(p.Id)),
                Seats = allocation.Seats[p.Id],
                EligibleCandidates = entries.First(e => e.Party == p.Id).MaxSeats,
                ListExhausted = allocation.Exhausted.Contains(p.Id),
            }).OrderByDescending(p => p.ExactVotes).ThenBy(p => p.Id, StringComparer.Ordinal).ToList(),
            WinningQuotients = allocation.Quotients,
            CountingDistricts = tally.CountingDistricts,
            Flags = flags,
            PendingLots = pending,
        };
    }
}

namespace Senkyo.Domain.Results;

/// <summary>
/// 衆議院比例代表選出議員の当選人 (法95の2). Seats per party by D'Hondt over the block's party
/// votes (①), no party beyond its eligible list members, the seat passing on. On each list:
/// members who won their 小選挙区 are skipped (法95の2, 法87の2 重複立候補者), dual members with
/// fewer votes than the 供託物没収点 of their district (1/10 of valid votes, 法93①一) are removed
/// (法95の2⑥), and members sharing a 当選人となるべき順位 are ordered by 惜敗率 — district votes ÷
/// the district's highest votes — compared exactly; an exact tie goes to a lot.
/// </summary>
public static class HouseProportionalCount
{
    public static ContestResult Compute(Contest contest, ContestTally tally, IReadOnlyDictionary<string, ContestResult> districts)
    {
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(tally);
        ArgumentNullException.ThrowIfNull(districts);
        var flags = new List<Flag>(tally.Flags);
        var pending = new List<PendingLot>();
        var lots = new LotBook(contest.Lots);

        var status = new Dictionary<string, CandidateStatus>(StringComparer.Ordinal);
        var ratios = new Dictionary<string, LossRatio>(StringComparer.Ordinal);
        foreach (var c in contest.Candidates.Where(c => c.Dual is not null))
        {
            var district = districts[c.Dual!.Contest];
            var own = district.Candidates.First(d => d.Id == c.Dual.Candidate);
            if (own.Status == CandidateStatus.Elected)
            {
                status[c.Id] = CandidateStatus.ElectedInDistrict;
                continue;
            }

            if (own.Status == CandidateStatus.LotPending)
            {
                flags.Add(new Flag(FlagCode.DistrictUndecided, $"{contest.Id}: {c.Id} awaits the lot in {district.Id}; counted here as not elected there."));
            }

            if (district.DepositForfeitThreshold is { } threshold && own.ExactVotes < threshold)
            {
                status[c.Id] = CandidateStatus.ExcludedBelowDepositThreshold;
                continue;
            }

            var top = district.Candidates.Max(d => d.ExactVotes);
            ratios[c.Id] = new LossRatio(top.Sign == 0 ? Rational.Zero : own.ExactVotes / top);
        }

        var eligible = contest.Candidates.Where(c => !status.ContainsKey(c.Id)).ToList();
        var entries = contest.Parties
            .Select(p => new DHondtEntry(p.Id, tally.Exact(Choice.OfParty(p.Id)), eligible.Count(c => c.Party == p.Id)))
            .ToList();
        var allocation = DHondt.Allocate(entries, contest.Seats, lots, contest.Id);
        flags.AddRange(allocation.Flags);
        pending.AddRange(allocation.PendingLots);

        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        var pendingIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var party in contest.Parties)
        {
            var members = eligible.Where(c => c.Party == party.Id).ToList();
            int Compare(Candidate a, Candidate b)
            {
                var byRank = (a.ListRank ?? int.MaxValue).CompareTo(b.ListRank ?? int.MaxValue);
                if (byRank != 0)
                {
                    return byRank;
                }

                var ra = ratios.TryGetValue(a.Id, out var x) ? x.Exact : Rational.Zero;
                var rb = ratios.TryGetValue(b.Id, out var y) ? y.Exact : Rational.Zero;
                return rb.CompareTo(ra);
            }

            var tiers = TieAwareOrdering.Order(members, Compare, c => c.Id, lots, flags, $"{contest.Id} / {party.Id}");
            FlagThreeDecimalTies(contest, party, tiers, ratios, flags);
            var (elected, undecided, _) = TieAwareOrdering.Fill(tiers, allocation.Seats[party.Id], c => c.Id, flags, pending, $"{contest.Id} / {party.Id}");
            for (var i = 0; i < elected.Count; i++)
            {
                order[elected[i].Id] = i + 1;
            }

            pendingIds.UnionWith(undecided.Select(c => c.Id));
        }

        var candidates = contest.Candidates.Select(c => new CandidateResult
        {
            Id = c.Id,
            Name = c.Name,
            Party = c.Party,
            ListRank = c.ListRank,
            Status = status.TryGetValue(c.Id, out var s) ? s
                : order.ContainsKey(c.Id) ? CandidateStatus.Elected
                : pendingIds.Contains(c.Id) ? CandidateStatus.LotPending
                : CandidateStatus.NotElected,
            ElectedOrder = order.TryGetValue(c.Id, out var o) ? o : null,
            DualContest = c.Dual?.Contest,
            LossRatio = ratios.GetValueOrDefault(c.Id),
        });

        return new ContestResult
        {
            Id = contest.Id,
            Name = contest.Name,
            Kind = contest.Kind,
            Seats = contest.Seats,
            ByElection = contest.ByElection,
            ValidVotes = tally.ValidVotes,
            Candidates = candidates
                .OrderBy(c => c.Party, StringComparer.Ordinal)
                .ThenBy(c => c.ElectedOrder ?? int.MaxValue)
                .ThenBy(c => c.ListRank ?? int.MaxValue)
                .ThenByDescending(c => c.LossRatio?.Exact ?? Rational.Zero)
                .ThenBy(c => c.Id, StringComparer.Ordinal)
                .ToList(),
            Parties = contest.Parties.Select(p => new PartyResult
            {
                Id = p.Id,
                Name = p.Name,
                Votes = tally.Published(Choice.OfParty(p.Id)),
                ExactVotes = tally.Exact(Choice.OfParty(p.Id)),
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

    /// <summary>Adjacent same-rank members whose 惜敗率 prints equal to three decimals: the exact ratio decided.</summary>
    private static void FlagThreeDecimalTies(Contest contest, Party party, List<Tier<Candidate>> tiers, Dictionary<string, LossRatio> ratios, List<Flag> flags)
    {
        for (var i = 1; i < tiers.Count; i++)
        {
            var a = tiers[i - 1].Items[^1];
            var b = tiers[i].Items[0];
            if (a.ListRank == b.ListRank && ratios.TryGetValue(a.Id, out var ra) && ratios.TryGetValue(b.Id, out var rb) && ra.Percent == rb.Percent)
            {
                flags.Add(new Flag(FlagCode.LossRatioEqualAtThreeDecimals,
                    $"{contest.Id} / {party.Id}: {a.Id} and {b.Id} both show 惜敗率 {ra.Percent}%; exact {ra.Exact.ToFractionString()} > {rb.Exact.ToFractionString()} decides."));
            }
        }
    }
}

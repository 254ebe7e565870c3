namespace Senkyo.Domain.Results;

/// <summary>
/// 衆議院比例代表選出議員の当選人 (法95の2). Seats per party by D'Hondt over the block's party
/// votes (①; equal quotients for the last seats go to a lot, ②), no party beyond its eligible list
/// members, the seat passing on. On each list: 重複立候補者 (法86の2④) who won their 小選挙区 are
/// treated as not on the list (法95の2⑤), dual members with fewer votes than the 供託物没収点 of
/// their district (1/10 of valid votes, 法93①一) likewise (法95の2⑥), and members sharing a
/// 当選人となるべき順位 are ordered by 惜敗率 — district votes ÷ the district's highest votes —
/// compared exactly; an exact tie goes to a lot (法95の2③).
/// </summary>
/// <remarks>
/// A dual member whose district awaits a lot (法95②) may yet win there and leave the list. The
/// block is computed under every outcome of the pending district lots; members whose result
/// differs between outcomes are <see cref="CandidateStatus.LotPending"/> and the block carries a
/// <see cref="PendingLot"/> naming the district lot it waits for.
/// </remarks>
public static class HouseProportionalCount
{
    // 2^n outcomes are computed; beyond this many undecided districts every member of an affected list is held.
    private const int MaxEnumeratedDistrictLots = 8;

    public static ContestResult Compute(Contest contest, ContestTally tally, IReadOnlyDictionary<string, ContestResult> districts)
    {
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(tally);
        ArgumentNullException.ThrowIfNull(districts);
        var undecided = contest.Candidates
            .Where(c => c.Dual is not null && districts[c.Dual.Contest].Candidates.First(d => d.Id == c.Dual.Candidate).Status == CandidateStatus.LotPending)
            .OrderBy(c => c.Id, StringComparer.Ordinal)
            .ToList();
        var result = ComputeAssuming(contest, tally, districts, []);
        if (undecided.Count == 0)
        {
            return result;
        }

        var held = new HashSet<string>(StringComparer.Ordinal);
        if (undecided.Count > MaxEnumeratedDistrictLots)
        {
            var parties = undecided.Select(c => c.Party).ToHashSet(StringComparer.Ordinal);
            held.UnionWith(contest.Candidates.Where(c => parties.Contains(c.Party)).Select(c => c.Id));
        }
        else
        {
            var baseline = result.Candidates.ToDictionary(c => c.Id, c => c.Status, StringComparer.Ordinal);
            for (var mask = 1; mask < 1 << undecided.Count; mask++)
            {
                var winners = undecided.Where((_, i) => (mask & (1 << i)) != 0).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
                foreach (var c in ComputeAssuming(contest, tally, districts, winners).Candidates)
                {
                    var wasOpen = baseline[c.Id] is CandidateStatus.Elected or CandidateStatus.NotElected or CandidateStatus.LotPending;
                    if (wasOpen && c.Status != baseline[c.Id] && !winners.Contains(c.Id))
                    {
                        held.Add(c.Id);
                    }
                }

                // The undecided member themselves: on the list in one outcome, off it in the other.
                held.UnionWith(winners.Where(w => baseline[w] == CandidateStatus.Elected));
            }
        }

        if (held.Count == 0)
        {
            return result;
        }

        var waitsFor = string.Join(", ", undecided.Select(c => c.Dual!.Contest).Distinct(StringComparer.Ordinal));
        var flags = result.Flags.ToList();
        flags.Add(new Flag(FlagCode.PendingDistrictLot,
            $"{contest.Id}: the election of {string.Join(", ", held.Order(StringComparer.Ordinal))} depends on the lot still to be drawn in {waitsFor} (法95②, 法95の2⑤)."));
        var pendingLots = result.PendingLots.ToList();
        pendingLots.Add(new PendingLot($"{contest.Id}: waits for the 小選挙区 lot in {waitsFor}", held.Order(StringComparer.Ordinal).ToList(),
            result.Candidates.Count(c => held.Contains(c.Id) && c.Status == CandidateStatus.Elected)));
        return result with
        {
            Candidates = result.Candidates
                .Select(c => held.Contains(c.Id) ? c with { Status = CandidateStatus.LotPending, ElectedOrder = null } : c)
                .ToList(),
            Flags = flags,
            PendingLots = pendingLots,
        };
    }

    /// <param name="assumedDistrictWinners">Dual members whose pending district lot is assumed won.</param>
    private static ContestResult ComputeAssuming(Contest contest, ContestTally tally, IReadOnlyDictionary<string, ContestResult> districts, HashSet<string> assumedDistrictWinners)
    {
        var flags = new List<Flag>(tally.Flags);
        var pending = new List<PendingLot>();
        var lots = new LotBook(contest.Lots);

        var status = new Dictionary<string, CandidateStatus>(StringComparer.Ordinal);
        var ratios = new Dictionary<string, LossRatio>(StringComparer.Ordinal);
        foreach (var c in contest.Candidates.Where(c => c.Dual is not null))
        {
            var district = districts[c.Dual!.Contest];
            var own = district.Candidates.First(d => d.Id == c.Dual.Candidate);
            if (own.Status == CandidateStatus.Elected || assumedDistrictWinners.Contains(c.Id))
            {
                status[c.Id] = CandidateStatus.ElectedInDistrict;
                continue;
            }

            if (own.Status == CandidateStatus.LotPending)
            {
                flags.Add(new Flag(FlagCode.DistrictUndecided, $"{contest.Id}: {c.Id} awaits the lot in {district.Id}; the block is computed for each outcome."));
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
            var (elected, undecided, _) = TieAwareOrdering.Fill(tiers, allocation.Seats[party.Id], c => c.Id, flags, pending, $"{contest.Id} / {party.Id}", listOrder: true);
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
            Status = status.TryGetValue(c.Id, out var s) ? s : ContestResults.StatusOf(c.Id, order, pendingIds),
            ElectedOrder = order.TryGetValue(c.Id, out var o) ? o : null,
            DualContest = c.Dual?.Contest,
            LossRatio = ratios.GetValueOrDefault(c.Id),
        });

        return ContestResults.For(contest) with
        {
            ValidVotes = tally.ValidVotes,
            Candidates = candidates
                .OrderBy(c => c.Party, StringComparer.Ordinal)
                .ThenBy(c => c.ElectedOrder ?? int.MaxValue)
                .ThenBy(c => c.ListRank ?? int.MaxValue)
                .ThenByDescending(c => c.LossRatio?.Exact ?? Rational.Zero)
                .ThenBy(c => c.Id, StringComparer.Ordinal)
                .ToList(),
            Parties = ContestResults.Parties(contest, allocation, entries,
                p => tally.Published(Choice.OfParty(p.Id)), p => tally.Exact(Choice.OfParty(p.Id))),
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

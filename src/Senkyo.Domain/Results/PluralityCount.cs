namespace Senkyo.Domain.Results;

/// <summary>
/// 当選人の決定 (法95①): the candidates with the most valid votes win, provided they reach the
/// 法定得票数; equal votes at the last place are drawn by the 選挙長 (法95②). Single-seat
/// contests (衆院小選挙区, 知事, 市町村長) and multi-seat 単記非移譲 contests (参院選挙区,
/// 地方議会) follow the same rule with their own threshold. Each candidate is also checked
/// against the 供託物没収点 (法93①). 住民投票 options are counted the same way without threshold,
/// and a tie there is reported, not drawn.
/// </summary>
public static class PluralityCount
{
    public static ContestResult Compute(Contest contest, ContestTally tally)
    {
        ArgumentNullException.ThrowIfNull(contest);
        ArgumentNullException.ThrowIfNull(tally);
        var flags = new List<Flag>(tally.Flags);
        var pending = new List<PendingLot>();
        var valid = tally.ValidVotes;
        var minimum = ElectionRules.MinimumVoteToWin(contest.Kind, valid, contest.Seats, contest.FullSeats);
        var forfeit = ElectionRules.DepositForfeitThreshold(contest.Kind, valid, contest.Seats, contest.FullSeats);

        Rational Exact(Candidate c) => tally.Exact(Choice.OfCandidate(c.Id));
        var reaching = contest.Candidates.Where(c => minimum is null || Exact(c) >= minimum.Value).ToList();
        foreach (var c in contest.Candidates.Where(c => minimum is not null && Exact(c) < minimum.Value))
        {
            flags.Add(new Flag(FlagCode.BelowMinimumVote, $"{contest.Id}: {c.Id} has {Exact(c).ToDecimalString(3)}, below the 法定得票数 {minimum!.Value.ToDecimalString(3)} (法95①)."));
        }

        var referendum = contest.Kind == ElectionKind.Referendum;
        var lots = new LotBook(referendum ? [] : contest.Lots);
        var tiers = TieAwareOrdering.Order(reaching, (a, b) => Exact(b).CompareTo(Exact(a)), c => c.Id, lots, flags, contest.Id);
        List<Candidate> elected, undecided;
        if (referendum)
        {
            // A referendum has no lot: a tie at the top means no option has the most votes.
            elected = [];
            undecided = [];
            if (tiers.Count > 0 && tiers[0].Items.Count > 1)
            {
                flags.Add(new Flag(FlagCode.ReferendumTie, $"{contest.Id}: {string.Join(", ", tiers[0].Items.Select(c => c.Id))} have equal votes; no option prevails."));
            }
            else if (tiers.Count > 0)
            {
                elected.Add(tiers[0].Items[0]);
            }
        }
        else
        {
            (elected, undecided, _) = TieAwareOrdering.Fill(tiers, contest.Seats, c => c.Id, flags, pending, contest.Id);
        }

        if (!referendum && elected.Count + undecided.Count < contest.Seats)
        {
            flags.Add(new Flag(FlagCode.SeatsUnfilled, $"{contest.Id}: only {elected.Count + undecided.Count} of {contest.Seats} seat(s) filled by candidates reaching the 法定得票数 (法95①; 再選挙 法109, 繰上 法112)."));
        }

        FlagExactFractions(contest, tally, elected, flags);
        var order = elected.Select((c, i) => (c.Id, i + 1)).ToDictionary(x => x.Id, x => x.Item2, StringComparer.Ordinal);
        var pendingIds = undecided.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var results = new List<CandidateResult>();
        foreach (var c in contest.Candidates)
        {
            var exact = Exact(c);
            var forfeits = forfeit is not null && exact < forfeit.Value;
            if (forfeits)
            {
                flags.Add(new Flag(FlagCode.DepositForfeited, $"{contest.Id}: {c.Id} has {exact.ToDecimalString(3)}, below the 供託物没収点 {forfeit!.Value.ToDecimalString(3)} (法93①)."));
            }

            results.Add(new CandidateResult
            {
                Id = c.Id,
                Name = c.Name,
                Party = c.Party,
                Votes = tally.Published(Choice.OfCandidate(c.Id)),
                ExactVotes = exact,
                Status = order.ContainsKey(c.Id) ? CandidateStatus.Elected : pendingIds.Contains(c.Id) ? CandidateStatus.LotPending : CandidateStatus.NotElected,
                ElectedOrder = order.TryGetValue(c.Id, out var o) ? o : null,
                ForfeitsDeposit = forfeits,
                ReachedMinimumVote = minimum is null || exact >= minimum.Value,
            });
        }

        return new ContestResult
        {
            Id = contest.Id,
            Name = contest.Name,
            Kind = contest.Kind,
            Seats = contest.Seats,
            ByElection = contest.ByElection,
            ValidVotes = valid,
            MinimumVoteToWin = minimum,
            DepositForfeitThreshold = forfeit,
            Candidates = ResultOrder(results),
            CountingDistricts = tally.CountingDistricts,
            Flags = flags,
            PendingLots = pending,
        };
    }

    /// <summary>Winners in elected order, then the others by votes, then by id: independent of input order.</summary>
    internal static List<CandidateResult> ResultOrder(IEnumerable<CandidateResult> results) =>
        results.OrderBy(r => r.ElectedOrder ?? int.MaxValue)
            .ThenByDescending(r => r.ExactVotes)
            .ThenBy(r => r.Id, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Where the last winner and the best loser differ only below the published three decimals,
    /// or their published figures invert, the exact 按分 fraction is what decides: say so.
    /// </summary>
    private static void FlagExactFractions(Contest contest, ContestTally tally, List<Candidate> elected, List<Flag> flags)
    {
        if (elected.Count == 0)
        {
            return;
        }

        var last = elected[^1];
        var electedIds = elected.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var lastPublished = tally.Published(Choice.OfCandidate(last.Id));
        foreach (var other in contest.Candidates.Where(c => !electedIds.Contains(c.Id)))
        {
            var published = tally.Published(Choice.OfCandidate(other.Id));
            if (published >= lastPublished)
            {
                flags.Add(new Flag(FlagCode.ExactFractionDecides,
                    $"{contest.Id}: published {last.Id} {lastPublished} vs {other.Id} {published}; exact {tally.Exact(Choice.OfCandidate(last.Id)).ToFractionString()} vs {tally.Exact(Choice.OfCandidate(other.Id)).ToFractionString()} decides."));
            }
        }
    }
}

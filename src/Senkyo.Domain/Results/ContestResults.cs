namespace Senkyo.Domain.Results;

/// <summary>
/// The parts of a <see cref="ContestResult"/> (選挙会の結果) that every count fills the same way: the contest's own
/// particulars, each candidate's 当選 / 抽選待ち / 落選, and for list contests the 政党等の得票数と当選人数
/// (衆院比例 法95の2, 参院比例 法95の3). <see cref="PluralityCount"/> (法95), <see cref="HouseProportionalCount"/> and
/// <see cref="CouncillorsProportionalCount"/> add what is their own.
/// </summary>
internal static class ContestResults
{
    /// <summary>Id, name, kind, seats and whether a 補欠選挙: the rest is the count's to add with <c>with</c>.</summary>
    public static ContestResult For(Contest contest) => new()
    {
        Id = contest.Id,
        Name = contest.Name,
        Kind = contest.Kind,
        Seats = contest.Seats,
        ByElection = contest.ByElection,
    };

    /// <param name="id">The candidate.</param>
    /// <param name="order">Elected candidates and their elected order.</param>
    /// <param name="pending">Candidates whose result waits on a lot (法95②, 法95の2②③, 法95の3②③).</param>
    public static CandidateStatus StatusOf(string id, IReadOnlyDictionary<string, int> order, IReadOnlySet<string> pending) =>
        order.ContainsKey(id) ? CandidateStatus.Elected
        : pending.Contains(id) ? CandidateStatus.LotPending
        : CandidateStatus.NotElected;

    /// <summary>One row per party of the D'Hondt allocation, most exact votes first, equal votes by id.</summary>
    /// <param name="contest">The list contest.</param>
    /// <param name="allocation">Seats and exhausted lists.</param>
    /// <param name="entries">The D'Hondt claims, for each list's eligible members.</param>
    /// <param name="published">The party's published votes.</param>
    /// <param name="exact">The party's exact votes.</param>
    /// <param name="partyNameVotes">参院比例: the party-name part of the total; null elsewhere.</param>
    public static List<PartyResult> Parties(
        Contest contest,
        DHondtResult allocation,
        IReadOnlyList<DHondtEntry> entries,
        Func<Party, Votes> published,
        Func<Party, Rational> exact,
        Func<Party, Votes>? partyNameVotes = null) =>
        contest.Parties.Select(p => new PartyResult
        {
            Id = p.Id,
            Name = p.Name,
            Votes = published(p),
            ExactVotes = exact(p),
            PartyNameVotes = partyNameVotes?.Invoke(p),
            Seats = allocation.Seats[p.Id],
            EligibleCandidates = entries.First(e => e.Party == p.Id).MaxSeats,
            ListExhausted = allocation.Exhausted.Contains(p.Id),
        }).OrderByDescending(p => p.ExactVotes).ThenBy(p => p.Id, StringComparer.Ordinal).ToList();
}

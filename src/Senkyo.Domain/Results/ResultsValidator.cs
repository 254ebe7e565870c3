namespace Senkyo.Domain.Results;

/// <summary>
/// Checks that a results document is coherent before anything is computed: ids unique and
/// resolvable, counts non-negative, kinds consistent with their lists. The first problem is
/// reported with its JSON path; nothing is computed from a document that fails.
/// </summary>
public static class ResultsValidator
{
    public static void Validate(ResultsDocument document, string? file)
    {
        ArgumentNullException.ThrowIfNull(document);
        void Fail(string path, string problem) => throw new ResultsFormatException(file, path, null, problem);

        if (document.Format != ResultsDocument.FormatName)
        {
            Fail("$.format", $"expected \"{ResultsDocument.FormatName}\", found \"{document.Format}\"");
        }

        if (document.Version != ResultsDocument.CurrentVersion)
        {
            Fail("$.version", $"version {document.Version} is not supported (this reader knows version {ResultsDocument.CurrentVersion})");
        }

        var contests = new Dictionary<string, Contest>(StringComparer.Ordinal);
        for (var i = 0; i < document.Contests.Count; i++)
        {
            var contest = document.Contests[i];
            var at = $"$.contests[{i}]";
            if (string.IsNullOrWhiteSpace(contest.Id) || !contests.TryAdd(contest.Id, contest))
            {
                Fail($"{at}.id", $"contest id \"{contest.Id}\" is empty or used twice");
            }
        }

        for (var i = 0; i < document.Contests.Count; i++)
        {
            ValidateContest(document.Contests[i], $"$.contests[{i}]", contests, Fail);
        }
    }

    private static void ValidateContest(Contest contest, string at, Dictionary<string, Contest> contests, Action<string, string> fail)
    {
        if (contest.Seats < 1)
        {
            fail($"{at}.seats", "seats must be at least 1");
        }

        if (contest.FullSeats is < 1)
        {
            fail($"{at}.fullSeats", "fullSeats must be at least 1");
        }

        var singleSeat = contest.Kind is ElectionKind.HouseSingleMember or ElectionKind.Governor or ElectionKind.Mayor or ElectionKind.Referendum;
        if (singleSeat && contest.Seats != 1)
        {
            fail($"{at}.seats", $"a {contest.Kind} contest fills exactly one seat");
        }

        var parties = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < contest.Parties.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(contest.Parties[i].Id) || !parties.Add(contest.Parties[i].Id))
            {
                fail($"{at}.parties[{i}].id", $"party id \"{contest.Parties[i].Id}\" is empty or used twice");
            }
        }

        var candidates = new HashSet<string>(StringComparer.Ordinal);
        var listed = contest.Kind is ElectionKind.HouseProportional or ElectionKind.CouncillorsProportional;
        for (var i = 0; i < contest.Candidates.Count; i++)
        {
            var c = contest.Candidates[i];
            var cat = $"{at}.candidates[{i}]";
            if (string.IsNullOrWhiteSpace(c.Id) || !candidates.Add(c.Id))
            {
                fail($"{cat}.id", $"candidate id \"{c.Id}\" is empty or used twice");
            }

            if (c.Party is not null && !parties.Contains(c.Party))
            {
                fail($"{cat}.party", $"party \"{c.Party}\" is not among the contest's parties");
            }

            if (listed && c.Party is null)
            {
                fail($"{cat}.party", "a list member needs a party (名簿届出政党等)");
            }

            if (contest.Kind == ElectionKind.HouseProportional && c.ListRank is null or < 1)
            {
                fail($"{cat}.listRank", "a 衆院比例 list member needs a list rank ≥ 1 (法86の2)");
            }

            if (c.Priority && (contest.Kind != ElectionKind.CouncillorsProportional || c.ListRank is null or < 1))
            {
                fail($"{cat}.priority", "特定枠 exists only on 参院比例 lists and needs a list rank ≥ 1 (法86の3)");
            }

            if (c.Dual is { } dual)
            {
                if (contest.Kind != ElectionKind.HouseProportional)
                {
                    fail($"{cat}.dual", "dual candidacy (重複立候補) exists only for 衆院比例 lists");
                }

                if (!contests.TryGetValue(dual.Contest, out var district) || district.Kind != ElectionKind.HouseSingleMember)
                {
                    fail($"{cat}.dual.contest", $"\"{dual.Contest}\" is not a house-single-member contest in this document");
                }
                else if (!district.Candidates.Any(d => d.Id == dual.Candidate))
                {
                    fail($"{cat}.dual.candidate", $"\"{dual.Candidate}\" is not a candidate in \"{dual.Contest}\"");
                }
            }
        }

        if (contest.Kind == ElectionKind.HouseProportional)
        {
            // Only dual candidates may share a rank (法86の2⑥): the 惜敗率 orders them.
            foreach (var group in contest.Candidates.GroupBy(c => (c.Party, c.ListRank)).Where(g => g.Count() > 1))
            {
                var single = group.FirstOrDefault(c => c.Dual is null);
                if (single is not null)
                {
                    fail($"{at}.candidates[{IndexOf(contest.Candidates, single)}].listRank",
                        $"rank {group.Key.ListRank} of {group.Key.Party} is shared, but \"{single.Id}\" is not a dual candidate (法86の2⑥)");
                }
            }
        }

        for (var t = 0; t < contest.Tallies.Count; t++)
        {
            ValidateTally(contest.Tallies[t], $"{at}.tallies[{t}]", candidates, parties, fail);
        }

        for (var l = 0; l < contest.Lots.Count; l++)
        {
            var lot = contest.Lots[l];
            var known = lot.Among.Where(x => candidates.Contains(x) || parties.Contains(x)).ToHashSet(StringComparer.Ordinal);
            if (lot.Among.Count < 2 || known.Count != lot.Among.Count)
            {
                fail($"{at}.lots[{l}].among", "a lot is among two or more distinct candidates or parties of the contest");
            }

            if (lot.Drawn.Count == 0 || lot.Drawn.Distinct(StringComparer.Ordinal).Count() != lot.Drawn.Count || !lot.Drawn.All(known.Contains))
            {
                fail($"{at}.lots[{l}].drawn", "drawn lists distinct ids taken from \"among\"");
            }
        }
    }

    private static int IndexOf(IReadOnlyList<Candidate> list, Candidate c)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (ReferenceEquals(list[i], c))
            {
                return i;
            }
        }

        return -1;
    }

    private static void ValidateTally(CountingDistrictTally tally, string at, HashSet<string> candidates, HashSet<string> parties, Action<string, string> fail)
    {
        if (string.IsNullOrWhiteSpace(tally.CountingDistrict))
        {
            fail($"{at}.countingDistrict", "a counting district (開票区) needs a name");
        }

        foreach (var id in tally.CandidateVotes.Keys.Where(id => !candidates.Contains(id)))
        {
            fail($"{at}.candidateVotes.{id}", "not a candidate of this contest");
        }

        foreach (var id in tally.PartyVotes.Keys.Where(id => !parties.Contains(id)))
        {
            fail($"{at}.partyVotes.{id}", "not a party of this contest");
        }

        for (var a = 0; a < tally.Ambiguous.Count; a++)
        {
            var amb = tally.Ambiguous[a];
            if (amb.Votes < 0)
            {
                fail($"{at}.ambiguous[{a}].votes", "cannot be negative");
            }

            if (amb.Candidates.Count + amb.Parties.Count < 2 || amb.Candidates.Distinct().Count() != amb.Candidates.Count || amb.Parties.Distinct().Count() != amb.Parties.Count)
            {
                fail($"{at}.ambiguous[{a}]", "按分 needs two or more distinct candidates or parties (法68の2)");
            }

            foreach (var id in amb.Candidates.Where(id => !candidates.Contains(id)))
            {
                fail($"{at}.ambiguous[{a}].candidates", $"\"{id}\" is not a candidate of this contest");
            }

            foreach (var id in amb.Parties.Where(id => !parties.Contains(id)))
            {
                fail($"{at}.ambiguous[{a}].parties", $"\"{id}\" is not a party of this contest");
            }
        }

        foreach (var (category, count) in tally.Invalid.Where(kv => kv.Value < 0))
        {
            fail($"{at}.invalid.{category}", $"cannot be negative ({count})");
        }

        if (tally.VotersCheckedIn is < 0 || tally.BallotsInBox is < 0 || tally.BallotsUnaccounted is < 0 || tally.ValidVotes is < 0)
        {
            fail(at, "voter and ballot counts cannot be negative");
        }

        var fractional = tally.CandidateVotes.Values.Concat(tally.PartyVotes.Values).Any(v => !v.IsWholeBallots);
        if (fractional && tally.ValidVotes is null)
        {
            fail($"{at}.validVotes", "figures with 按分 fractions need the declared integer count of valid votes");
        }
    }
}

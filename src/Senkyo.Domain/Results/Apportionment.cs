namespace Senkyo.Domain.Results;

/// <summary>What a ballot can name: a candidate (候補者・名簿登載者) or a party (政党等).</summary>
public readonly record struct Choice(bool IsParty, string Id)
{
    public static Choice OfCandidate(string id) => new(false, id);

    public static Choice OfParty(string id) => new(true, id);

    public override string ToString() => IsParty ? "party:" + Id : Id;
}

/// <summary>
/// 按分 (法68の2④; 参院比例 between a party and a candidate name 法68の3 (verify)): ballots that
/// name only what several choices share are divided within one 開票区 in proportion to those
/// choices' definite votes there. Each share is kept exact; the published share is cut after the
/// third decimal place (practice of the 選挙管理委員会, never rounded up).
/// </summary>
public static class Apportionment
{
    /// <summary>
    /// Divides <paramref name="ballots"/> among <paramref name="choices"/> by their definite votes.
    /// Where none of them has a definite vote the ballots are divided equally and flagged, since no
    /// proportion exists.
    /// </summary>
    public static IReadOnlyList<(Choice Choice, Rational Exact)> Divide(long ballots, IReadOnlyList<(Choice Choice, Votes Definite)> choices, out bool withoutBase)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var baseThousandths = choices.Sum(c => c.Definite.Thousandths);
        withoutBase = baseThousandths == 0;
        var result = new List<(Choice, Rational)>(choices.Count);
        foreach (var (choice, definite) in choices)
        {
            var exact = withoutBase
                ? Rational.Create(ballots, choices.Count)
                : Rational.Create(new System.Numerics.BigInteger(ballots) * definite.Thousandths, baseThousandths);
            result.Add((choice, exact));
        }

        return result;
    }
}

/// <summary>The sum of a contest's counting districts: exact and published figures per choice, valid votes, flags.</summary>
public sealed class ContestTally
{
    // Definite votes stay in exact thousandths; only 按分 shares need fractions. The exact totals
    // are built once after all counting districts, since every comparison reads them.
    private readonly Dictionary<Choice, Votes> _definite = [];
    private readonly Dictionary<Choice, Rational> _shares = [];
    private readonly Dictionary<Choice, Votes> _published = [];
    private readonly Dictionary<Choice, Rational> _exact = [];

    public Rational ValidVotes { get; private set; } = Rational.Zero;

    public List<CountingDistrictResult> CountingDistricts { get; } = [];

    public List<Flag> Flags { get; } = [];

    public Rational Exact(Choice choice) => _exact.GetValueOrDefault(choice, Rational.Zero);

    public Votes Published(Choice choice) => _published.GetValueOrDefault(choice, Votes.Zero);

    /// <summary>Adds up every 開票区 of the contest, applying 按分 district by district (法68の2④).</summary>
    public static ContestTally Compute(Contest contest)
    {
        ArgumentNullException.ThrowIfNull(contest);
        var tally = new ContestTally();
        foreach (var district in contest.Tallies)
        {
            tally.Add(contest, district);
        }

        foreach (var (choice, definite) in tally._definite)
        {
            tally._exact[choice] = tally._shares.TryGetValue(choice, out var shares) ? definite.ToRational() + shares : definite.ToRational();
        }

        foreach (var (choice, shares) in tally._shares.Where(s => !tally._definite.ContainsKey(s.Key)))
        {
            tally._exact[choice] = shares;
        }

        return tally;
    }

    private void Add(Contest contest, CountingDistrictTally district)
    {
        var definite = new Dictionary<Choice, Votes>();
        foreach (var (id, votes) in district.CandidateVotes)
        {
            definite[Choice.OfCandidate(id)] = votes;
        }

        foreach (var (id, votes) in district.PartyVotes)
        {
            definite[Choice.OfParty(id)] = votes;
        }

        foreach (var (choice, votes) in definite)
        {
            _definite[choice] = _definite.GetValueOrDefault(choice) + votes;
            _published[choice] = Published(choice) + votes;
        }

        var shares = new List<ApportionmentShare>();
        long ambiguousBallots = 0;
        foreach (var ambiguous in district.Ambiguous)
        {
            ambiguousBallots += ambiguous.Votes;
            var named = ambiguous.Candidates.Select(Choice.OfCandidate)
                .Concat(ambiguous.Parties.Select(Choice.OfParty))
                .Select(c => (c, definite.GetValueOrDefault(c, Votes.Zero)))
                .ToList();
            foreach (var (choice, exact) in Apportionment.Divide(ambiguous.Votes, named, out var withoutBase))
            {
                var published = exact.TruncateToThousandths();
                _shares[choice] = _shares.TryGetValue(choice, out var sum) ? sum + exact : exact;
                _published[choice] = Published(choice) + published;
                shares.Add(new ApportionmentShare(ambiguous.Text, ambiguous.Votes, choice.ToString(), exact, published));
                if (withoutBase)
                {
                    Flags.Add(new Flag(FlagCode.ApportionmentWithoutBase,
                        $"{contest.Id} / {district.CountingDistrict}: no definite votes for any choice named by \"{ambiguous.Text}\"; {ambiguous.Votes} ballots divided equally."));
                }
            }
        }

        var definiteSum = definite.Values.Aggregate(Votes.Zero, (a, b) => a + b);
        var computedValid = definiteSum.ToRational() + Rational.FromInteger(ambiguousBallots);
        var valid = computedValid;
        if (district.ValidVotes is { } declared)
        {
            var residue = Rational.FromInteger(declared) - computedValid;
            // Figures already apportioned lose under one ballot to truncation; anything else is a discrepancy.
            var plausible = computedValid.IsInteger ? residue.Sign == 0 : residue.Sign >= 0 && residue < Rational.One;
            if (!plausible)
            {
                Flags.Add(new Flag(FlagCode.ValidVotesMismatch,
                    $"{contest.Id} / {district.CountingDistrict}: declared valid votes {declared} but the figures add up to {computedValid.ToDecimalString(3)}."));
            }

            valid = Rational.FromInteger(declared);
        }

        ValidVotes += valid;
        var invalid = district.Invalid.Values.Sum();
        long? gap = null;
        if (district.VotersCheckedIn is { } voters && district.BallotsInBox is { } inBox)
        {
            gap = voters - inBox - (district.BallotsUnaccounted ?? 0);
            if (gap != 0)
            {
                Flags.Add(new Flag(FlagCode.ReconciliationGap,
                    $"{contest.Id} / {district.CountingDistrict}: voters {voters} ≠ ballots in box {inBox} + unaccounted {district.BallotsUnaccounted ?? 0} (gap {gap})."));
            }
        }

        if (district.BallotsInBox is { } ballots && valid.IsInteger && valid.Numerator + invalid != ballots)
        {
            Flags.Add(new Flag(FlagCode.BallotCountMismatch,
                $"{contest.Id} / {district.CountingDistrict}: ballots in box {ballots} ≠ valid {valid.Numerator} + invalid {invalid}."));
        }

        CountingDistricts.Add(new CountingDistrictResult
        {
            Name = district.CountingDistrict,
            ValidVotes = valid,
            InvalidVotes = invalid,
            InvalidByCategory = district.Invalid,
            Apportionment = shares,
            VotersCheckedIn = district.VotersCheckedIn,
            BallotsInBox = district.BallotsInBox,
            BallotsUnaccounted = district.BallotsUnaccounted,
            ReconciliationGap = gap,
        });
    }
}

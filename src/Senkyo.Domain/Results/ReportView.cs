namespace Senkyo.Domain.Results;

/// <summary>
/// The published shape of a computed result (format "senkyo-results-report", version 1):
/// figures as published (three decimals) beside their exact fractions, thresholds, flags and
/// pending lots, so a reader can check every step.
/// </summary>
public sealed record ReportView(string Format, int Version, string? Election, DateOnly? PollingDay, IReadOnlyList<ContestView> Contests)
{
    public const string FormatName = "senkyo-results-report";

    public static ReportView From(ResultsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new ReportView(FormatName, 1, report.Election, report.PollingDay, report.Contests.Select(ContestView.From).ToList());
    }
}

public sealed record ContestView(
    string Id,
    string? Name,
    ElectionKind Kind,
    int Seats,
    bool ByElection,
    string ValidVotes,
    string? MinimumVoteToWin,
    string? MinimumVoteToWinExact,
    string? DepositForfeitThreshold,
    string? DepositForfeitThresholdExact,
    IReadOnlyList<CandidateView> Candidates,
    IReadOnlyList<PartyView>? Parties,
    IReadOnlyList<QuotientView>? WinningQuotients,
    IReadOnlyList<CountingDistrictView> CountingDistricts,
    IReadOnlyList<Flag> Flags,
    IReadOnlyList<PendingLot> PendingLots)
{
    public static ContestView From(ContestResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new ContestView(
            r.Id,
            r.Name,
            r.Kind,
            r.Seats,
            r.ByElection,
            r.ValidVotes.ToDecimalString(3),
            r.MinimumVoteToWin?.ToDecimalString(3),
            r.MinimumVoteToWin?.ToFractionString(),
            r.DepositForfeitThreshold?.ToDecimalString(3),
            r.DepositForfeitThreshold?.ToFractionString(),
            r.Candidates.Select(c => new CandidateView(
                c.Id, c.Name, c.Party, c.ListRank, c.Priority ? true : null, c.Votes, c.ExactVotes.ToFractionString(), c.Status, c.ElectedOrder,
                c.DualContest, c.LossRatio?.Percent, c.LossRatio?.Exact.ToFractionString(), c.ForfeitsDeposit ? true : null,
                c.ReachedMinimumVote ? null : false)).ToList(),
            r.Parties.Count == 0 ? null : r.Parties.Select(p => new PartyView(p.Id, p.Name, p.Votes, p.ExactVotes.ToFractionString(), p.PartyNameVotes, p.Seats, p.EligibleCandidates, p.ListExhausted ? true : null)).ToList(),
            r.WinningQuotients.Count == 0 ? null : r.WinningQuotients.Select(q => new QuotientView(q.SeatRank, q.Party, q.Divisor, q.Quotient.ToDecimalString(3), q.Quotient.ToFractionString())).ToList(),
            r.CountingDistricts.Select(d => new CountingDistrictView(
                d.Name, d.ValidVotes.ToDecimalString(3), d.InvalidVotes, d.InvalidByCategory.Count == 0 ? null : d.InvalidByCategory,
                d.Apportionment.Count == 0 ? null : d.Apportionment.Select(s => new ShareView(s.Text, s.Ballots, s.Choice, s.Published, s.Exact.ToFractionString())).ToList(),
                d.VotersCheckedIn, d.BallotsInBox, d.BallotsUnaccounted, d.ReconciliationGap)).ToList(),
            r.Flags,
            r.PendingLots);
    }
}

public sealed record CandidateView(
    string Id, string Name, string? Party, int? ListRank, bool? Priority, Votes Votes, string ExactVotes, CandidateStatus Status,
    int? ElectedOrder, string? DualContest, string? LossRatioPercent, string? LossRatioExact, bool? ForfeitsDeposit, bool? ReachedMinimumVote);

public sealed record PartyView(string Id, string Name, Votes Votes, string ExactVotes, Votes? PartyNameVotes, int Seats, int EligibleCandidates, bool? ListExhausted);

public sealed record QuotientView(int SeatRank, string Party, int Divisor, string Quotient, string QuotientExact);

public sealed record CountingDistrictView(
    string Name, string ValidVotes, long InvalidVotes, IReadOnlyDictionary<string, long>? InvalidByCategory, IReadOnlyList<ShareView>? Apportionment,
    long? VotersCheckedIn, long? BallotsInBox, long? BallotsUnaccounted, long? ReconciliationGap);

public sealed record ShareView(string? Text, long Ballots, string Choice, Votes Votes, string Exact);

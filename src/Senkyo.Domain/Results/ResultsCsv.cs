using System.Globalization;
using System.Text;

namespace Senkyo.Domain.Results;

/// <summary>
/// CSV forms of the results format (RFC 4180, UTF-8, LF): the per-counting-district tallies, one
/// row per figure, and the computed results, one row per candidate or party. Written by hand
/// because the Domain depends on nothing but the BCL.
/// </summary>
public static class ResultsCsv
{
    public const string TallyHeader = "contest,counting_district,item,kind,votes";
    public const string ResultHeader = "contest,kind,id,name,party,list_rank,votes,exact_votes,status,elected_order,loss_ratio_percent,forfeits_deposit,seats";

    /// <summary>One row per figure: candidate, party, ambiguous (按分 source), invalid category, voters, ballots.</summary>
    public static string WriteTallies(ResultsDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var sb = new StringBuilder(TallyHeader).Append('\n');
        foreach (var contest in document.Contests)
        {
            foreach (var t in contest.Tallies)
            {
                void Row(string item, string kind, string votes) =>
                    sb.Append(Field(contest.Id)).Append(',').Append(Field(t.CountingDistrict)).Append(',').Append(Field(item)).Append(',').Append(kind).Append(',').Append(votes).Append('\n');
                foreach (var (id, v) in t.CandidateVotes.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    Row(id, "candidate", v.ToString());
                }

                foreach (var (id, v) in t.PartyVotes.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    Row(id, "party", v.ToString());
                }

                foreach (var a in t.Ambiguous)
                {
                    Row($"{a.Text}:{string.Join('|', a.Candidates.Concat(a.Parties.Select(p => "party:" + p)))}", "ambiguous", a.Votes.ToString(CultureInfo.InvariantCulture));
                }

                foreach (var (category, n) in t.Invalid.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    Row(category, "invalid", n.ToString(CultureInfo.InvariantCulture));
                }

                if (t.VotersCheckedIn is { } voters)
                {
                    Row("voters_checked_in", "count", voters.ToString(CultureInfo.InvariantCulture));
                }

                if (t.BallotsInBox is { } box)
                {
                    Row("ballots_in_box", "count", box.ToString(CultureInfo.InvariantCulture));
                }

                if (t.BallotsUnaccounted is { } gone)
                {
                    Row("ballots_unaccounted", "count", gone.ToString(CultureInfo.InvariantCulture));
                }

                if (t.ValidVotes is { } valid)
                {
                    Row("valid_votes", "count", valid.ToString(CultureInfo.InvariantCulture));
                }
            }
        }

        return sb.ToString();
    }

    /// <summary>One row per candidate (and per party for list contests) with status and flags' essentials.</summary>
    public static string WriteResults(ResultsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder(ResultHeader).Append('\n');
        foreach (var contest in report.Contests)
        {
            var kind = KindName(contest.Kind);
            foreach (var p in contest.Parties)
            {
                sb.AppendJoin(',', Field(contest.Id), kind, Field(p.Id), Field(p.Name), "", "", p.Votes.ToString(), p.ExactVotes.ToFractionString(),
                    p.ListExhausted ? "list-exhausted" : "party", "", "", "", p.Seats.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }

            foreach (var c in contest.Candidates)
            {
                sb.AppendJoin(',', Field(contest.Id), kind, Field(c.Id), Field(c.Name), Field(c.Party ?? ""),
                    c.ListRank?.ToString(CultureInfo.InvariantCulture) ?? "", c.Votes.ToString(), c.ExactVotes.ToFractionString(),
                    KindName(c.Status), c.ElectedOrder?.ToString(CultureInfo.InvariantCulture) ?? "", c.LossRatio?.Percent ?? "",
                    c.ForfeitsDeposit ? "true" : "false", "").Append('\n');
            }
        }

        return sb.ToString();
    }

    private static string KindName<T>(T value) where T : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}

using System.Globalization;
using Senkyo.Domain.Results;

namespace Senkyo.Domain.Tests.Results.Official;

/// <summary>
/// Turns the official tables of a 衆議院議員総選挙 into the open results format: one contest per
/// 小選挙区 (one tally with the published, already apportioned figures) and one per 比例 block
/// (party votes and the lists). Only votes and lists go in; winners, seats, orders and
/// thresholds are left for the engine to compute and the tests to compare.
/// </summary>
internal static class OfficialElectionConverter
{
    /// <summary>別表第二 (法13②): the eleven blocks, their seats and prefectures.</summary>
    public static readonly IReadOnlyList<(string Block, int Seats, string[] Prefectures)> Blocks =
    [
        ("北海道", 8, ["北海道"]),
        ("東北", 12, ["青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県"]),
        ("北関東", 19, ["茨城県", "栃木県", "群馬県", "埼玉県"]),
        ("南関東", 23, ["千葉県", "神奈川県", "山梨県"]),
        ("東京都", 19, ["東京都"]),
        ("北陸信越", 10, ["新潟県", "富山県", "石川県", "福井県", "長野県"]),
        ("東海", 21, ["岐阜県", "静岡県", "愛知県", "三重県"]),
        ("近畿", 28, ["滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県"]),
        ("中国", 10, ["鳥取県", "島根県", "岡山県", "広島県", "山口県"]),
        ("四国", 6, ["徳島県", "香川県", "愛媛県", "高知県"]),
        ("九州", 20, ["福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県"]),
    ];

    public static string DistrictId(string prefecture, string number) => $"smd:{prefecture}{number}";

    public static string BlockId(string block) => $"pr:{block}";

    public static string SmdCandidateId(CsvRow row) => $"{DistrictId(row["prefecture"], row["district_no"])}#{row["order_in_district"]}";

    public static string ListEntryId(CsvRow row) => $"pr#{row.Line}";

    public static ResultsDocument Convert(string folder, string election)
    {
        var smd = OfficialData.ReadCsv(folder, "smd_candidates.csv");
        var partyVotes = OfficialData.ReadCsv(folder, "party_votes_by_block.csv").Where(r => r["is_total_row"] != "true").ToList();
        var lists = OfficialData.ReadCsv(folder, "pr_list_entries.csv");
        var contests = new List<Contest>();

        foreach (var district in smd.GroupBy(r => (r["prefecture"], r["district_no"])))
        {
            var votes = district.ToDictionary(SmdCandidateId, r => ParseVotes(r, "votes"));
            // The published figures are apportioned and cut after three decimals; the count of
            // valid ballots is a whole number that the truncation left less than one ballot short of.
            var sum = votes.Values.Aggregate(Votes.Zero, (a, b) => a + b);
            var valid = (long)sum.ToRational().Ceiling();
            contests.Add(new Contest
            {
                Id = DistrictId(district.Key.Item1, district.Key.Item2),
                Name = $"{district.Key.Item1}第{district.Key.Item2}区",
                Kind = ElectionKind.HouseSingleMember,
                Seats = 1,
                Parties = district.Select(r => r["party"]).Where(p => p.Length > 0).Distinct().Select(p => new Party { Id = p, Name = p }).ToList(),
                Candidates = district.Select(r => new Candidate
                {
                    Id = SmdCandidateId(r),
                    Name = r["name_display"],
                    Party = r["party"].Length > 0 ? r["party"] : null,
                }).ToList(),
                Tallies = [new CountingDistrictTally { CountingDistrict = "全開票区", CandidateVotes = votes, ValidVotes = valid }],
            });
        }

        foreach (var (block, seats, prefectures) in Blocks)
        {
            var parties = partyVotes.Where(r => r["block"] == block).ToList();
            var entries = lists.Where(r => r["block"] == block).ToList();
            var duals = LinkDualCandidates(entries, smd.Where(r => prefectures.Contains(r["prefecture"])).ToList());
            var votes = parties.ToDictionary(r => r["party"], r => ParseVotes(r, "votes"));
            var sum = votes.Values.Aggregate(Votes.Zero, (a, b) => a + b);
            contests.Add(new Contest
            {
                Id = BlockId(block),
                Name = $"比例代表 {block}ブロック",
                Kind = ElectionKind.HouseProportional,
                Seats = seats,
                Parties = parties.Select(r => new Party { Id = r["party"], Name = r["party"] }).ToList(),
                Candidates = entries.Select(r => new Candidate
                {
                    Id = ListEntryId(r),
                    Name = r["name"],
                    Party = r["party"],
                    ListRank = int.Parse(r["list_rank"], CultureInfo.InvariantCulture),
                    Dual = duals.TryGetValue(r, out var d)
                        ? new DualCandidacy { Contest = DistrictId(d["prefecture"], d["district_no"]), Candidate = SmdCandidateId(d) }
                        : null,
                }).ToList(),
                Tallies = [new CountingDistrictTally { CountingDistrict = block, PartyVotes = votes, ValidVotes = (long)sum.ToRational().Ceiling() }],
            });
        }

        return new ResultsDocument { Election = election, Contests = contests };
    }

    /// <summary>
    /// The list table names no district, so a dual candidate is found among the block's
    /// 小選挙区 candidates of the same party by name; the tables spell a few names differently
    /// (variation selectors, ツ/ッ, kana for kanji), so what remains unmatched is paired one to one
    /// within (block, party) — and anything still ambiguous fails loudly rather than guessing.
    /// </summary>
    private static Dictionary<CsvRow, CsvRow> LinkDualCandidates(List<CsvRow> entries, List<CsvRow> smd)
    {
        var links = new Dictionary<CsvRow, CsvRow>();
        var dualEntries = entries.Where(e => e["dual_candidacy"] == "true").ToList();
        var dualSmd = smd.Where(c => c["dual_candidacy"] == "true").ToList();
        foreach (var e in dualEntries)
        {
            var name = OfficialData.StripVariationSelectors(e["name"]);
            var found = dualSmd.Where(c => c["party"] == e["party"] && OfficialData.StripVariationSelectors(c["name_display"]) == name).ToList();
            if (found.Count > 1)
            {
                throw new InvalidOperationException($"{e.Where}: {e["name"]} matches {found.Count} district candidates");
            }

            if (found.Count == 1)
            {
                links[e] = found[0];
            }
        }

        var taken = links.Values.ToHashSet();
        foreach (var party in dualEntries.Where(e => !links.ContainsKey(e)).GroupBy(e => e["party"]))
        {
            var left = dualSmd.Where(c => c["party"] == party.Key && !taken.Contains(c)).ToList();
            if (party.Count() != 1 || left.Count != 1)
            {
                throw new InvalidOperationException($"{party.First().Where}: cannot pair {party.Count()} unmatched list entries of {party.Key} with {left.Count} district candidates");
            }

            links[party.First()] = left[0];
            taken.Add(left[0]);
        }

        return links;
    }

    private static Votes ParseVotes(CsvRow row, string column) =>
        Votes.TryParse(row[column], out var v) ? v : throw new FormatException($"{row.Where}: {column} \"{row[column]}\" is not a vote figure");
}

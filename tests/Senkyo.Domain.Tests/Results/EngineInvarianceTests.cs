using CsCheck;
using Senkyo.Domain.Results;

namespace Senkyo.Domain.Tests.Results;

/// <summary>Whole-engine properties: input order never matters; list seats always add up.</summary>
public sealed class EngineInvarianceTests
{
    private static Dictionary<string, Votes> V(params (string Id, long Votes)[] votes) => votes.ToDictionary(v => v.Id, v => Votes.FromBallots(v.Votes));

    /// <summary>Two districts with 按分 and a tie, a 衆院比例 block with duals, a 参院比例 list and an assembly.</summary>
    private static ResultsDocument Document() => new()
    {
        Contests =
        [
            new Contest
            {
                Id = "d1", Kind = ElectionKind.HouseSingleMember, Seats = 1,
                Candidates = [new Candidate { Id = "a", Name = "田中一" }, new Candidate { Id = "b", Name = "田中二" }, new Candidate { Id = "c", Name = "他" }],
                Tallies =
                [
                    new CountingDistrictTally { CountingDistrict = "北区", CandidateVotes = V(("a", 700), ("b", 500), ("c", 90)), Ambiguous = [new AmbiguousVote { Text = "田中", Votes = 13, Candidates = ["a", "b"] }] },
                    new CountingDistrictTally { CountingDistrict = "南区", CandidateVotes = V(("a", 300), ("b", 600), ("c", 10)), Ambiguous = [new AmbiguousVote { Text = "田中", Votes = 7, Candidates = ["b", "a"] }] },
                ],
            },
            new Contest
            {
                Id = "d2", Kind = ElectionKind.HouseSingleMember, Seats = 1,
                Candidates = [new Candidate { Id = "e", Name = "甲" }, new Candidate { Id = "f", Name = "乙" }],
                Tallies = [new CountingDistrictTally { CountingDistrict = "東区", CandidateVotes = V(("e", 800), ("f", 1_000)) }],
            },
            new Contest
            {
                Id = "block", Kind = ElectionKind.HouseProportional, Seats = 4,
                Parties = [new Party { Id = "P", Name = "甲党" }, new Party { Id = "Q", Name = "乙党" }],
                Candidates =
                [
                    new Candidate { Id = "pa", Name = "甲a", Party = "P", ListRank = 1, Dual = new DualCandidacy { Contest = "d1", Candidate = "a" } },
                    new Candidate { Id = "pe", Name = "甲e", Party = "P", ListRank = 1, Dual = new DualCandidacy { Contest = "d2", Candidate = "e" } },
                    new Candidate { Id = "p3", Name = "甲3", Party = "P", ListRank = 3 },
                    new Candidate { Id = "qb", Name = "乙b", Party = "Q", ListRank = 1, Dual = new DualCandidacy { Contest = "d1", Candidate = "b" } },
                    new Candidate { Id = "qf", Name = "乙f", Party = "Q", ListRank = 1, Dual = new DualCandidacy { Contest = "d2", Candidate = "f" } },
                    new Candidate { Id = "q3", Name = "乙3", Party = "Q", ListRank = 2 },
                ],
                Tallies =
                [
                    new CountingDistrictTally { CountingDistrict = "北区", PartyVotes = V(("P", 4_000), ("Q", 3_000)) },
                    new CountingDistrictTally { CountingDistrict = "南区", PartyVotes = V(("P", 2_000), ("Q", 1_500)) },
                ],
            },
            new Contest
            {
                Id = "national", Kind = ElectionKind.CouncillorsProportional, Seats = 3,
                Parties = [new Party { Id = "A", Name = "丙党" }, new Party { Id = "B", Name = "丁党" }],
                Candidates =
                [
                    new Candidate { Id = "a1", Name = "丙一", Party = "A", Priority = true, ListRank = 1 },
                    new Candidate { Id = "a2", Name = "丙二", Party = "A" },
                    new Candidate { Id = "a3", Name = "丙三", Party = "A" },
                    new Candidate { Id = "b1", Name = "丁一", Party = "B" },
                ],
                Tallies =
                [
                    new CountingDistrictTally
                    {
                        CountingDistrict = "全国",
                        PartyVotes = V(("A", 5_000), ("B", 1_000)),
                        CandidateVotes = V(("a1", 5), ("a2", 900), ("a3", 400), ("b1", 300)),
                        Ambiguous = [new AmbiguousVote { Text = "丙", Votes = 11, Parties = ["A"], Candidates = ["a3"] }],
                    },
                ],
            },
            new Contest
            {
                Id = "assembly", Kind = ElectionKind.MunicipalAssembly, Seats = 2, FullSeats = 2,
                Candidates = [new Candidate { Id = "m1", Name = "議一" }, new Candidate { Id = "m2", Name = "議二" }, new Candidate { Id = "m3", Name = "議三" }, new Candidate { Id = "m4", Name = "議四" }],
                Tallies = [new CountingDistrictTally { CountingDistrict = "全市", CandidateVotes = V(("m1", 900), ("m2", 400), ("m3", 400), ("m4", 20)) }],
            },
        ],
    };

    private static List<T> Shuffle<T>(IEnumerable<T> items, Random random) => items.OrderBy(_ => random.Next()).ToList();

    private static Dictionary<string, Votes> Shuffle(IReadOnlyDictionary<string, Votes> d, Random random) =>
        d.OrderBy(_ => random.Next()).ToDictionary(kv => kv.Key, kv => kv.Value);

    private static ResultsDocument Permute(ResultsDocument document, Random random) => document with
    {
        Contests = Shuffle(document.Contests.Select(c => c with
        {
            Candidates = Shuffle(c.Candidates, random),
            Parties = Shuffle(c.Parties, random),
            Tallies = Shuffle(c.Tallies.Select(t => t with
            {
                CandidateVotes = Shuffle(t.CandidateVotes, random),
                PartyVotes = Shuffle(t.PartyVotes, random),
                Ambiguous = Shuffle(t.Ambiguous.Select(a => a with { Candidates = Shuffle(a.Candidates, random), Parties = Shuffle(a.Parties, random) }), random),
            }), random),
        }), random),
    };

    /// <summary>Everything a result decides, independent of listing order.</summary>
    private static string Canonical(ResultsReport report) => string.Join("\n", report.Contests.OrderBy(c => c.Id, StringComparer.Ordinal).Select(c => string.Join("|",
        c.Id,
        c.ValidVotes.ToFractionString(),
        c.MinimumVoteToWin?.ToFractionString(),
        c.DepositForfeitThreshold?.ToFractionString(),
        string.Join(",", c.Candidates.OrderBy(x => x.Id, StringComparer.Ordinal).Select(x => $"{x.Id}:{x.Status}:{x.ElectedOrder}:{x.ExactVotes.ToFractionString()}:{x.Votes}:{x.ForfeitsDeposit}:{x.LossRatio?.Exact.ToFractionString()}")),
        string.Join(",", c.Parties.Select(p => $"{p.Id}:{p.Seats}:{p.ExactVotes.ToFractionString()}")),
        string.Join(",", c.WinningQuotients.Select(q => $"{q.Party}/{q.Divisor}:{q.SeatRank}")),
        string.Join(",", c.PendingLots.Select(l => $"{l.Purpose}:{string.Join("+", l.Among.Order(StringComparer.Ordinal))}:{l.Places}").Order(StringComparer.Ordinal)),
        string.Join(",", c.Flags.Select(f => f.Code.ToString()).Order(StringComparer.Ordinal)))));

    [Fact]
    public void Shuffling_contests_candidates_tallies_and_ambiguous_ballots_changes_nothing()
    {
        var expected = Canonical(ResultsEngine.Compute(Document()));
        Assert.Contains("m2:LotPending", expected, StringComparison.Ordinal); // the document does exercise a lot
        Gen.Int.Sample(seed => Assert.Equal(expected, Canonical(ResultsEngine.Compute(Permute(Document(), new Random(seed))))), iter: 200);
    }

    [Fact]
    public void Block_seats_add_up_after_skipped_and_excluded_members() =>
        Gen.Select(Gen.Int[1, 6], Gen.Int[1, 100_000].Array[3], Gen.Int[0, 2_000].Array[9], Gen.Int[1, 2_000].Array[9])
            .Sample((seats, partyVotes, own, rival) =>
            {
                string[] parties = ["P", "Q", "R"];
                var districts = Enumerable.Range(0, 9).Select(i => new Contest
                {
                    Id = $"d{i}", Kind = ElectionKind.HouseSingleMember, Seats = 1,
                    Candidates = [new Candidate { Id = $"c{i}", Name = "候補" + i }, new Candidate { Id = $"r{i}", Name = "対立" + i }],
                    Tallies = [new CountingDistrictTally { CountingDistrict = "区", CandidateVotes = V(($"c{i}", own[i]), ($"r{i}", rival[i])) }],
                }).ToList();
                var block = new Contest
                {
                    Id = "block", Kind = ElectionKind.HouseProportional, Seats = seats,
                    Parties = parties.Select(p => new Party { Id = p, Name = p }).ToList(),
                    Candidates = Enumerable.Range(0, 9).Select(i => new Candidate
                    {
                        Id = $"l{i}", Name = "名簿" + i, Party = parties[i % 3], ListRank = 1 + (i / 6),
                        Dual = new DualCandidacy { Contest = $"d{i}", Candidate = $"c{i}" },
                    }).Concat(parties.Select(p => new Candidate { Id = $"{p}-solo", Name = "単独" + p, Party = p, ListRank = 3 })).ToList(),
                    Tallies = [new CountingDistrictTally { CountingDistrict = "ブロック", PartyVotes = V(("P", partyVotes[0]), ("Q", partyVotes[1]), ("R", partyVotes[2])) }],
                };
                var result = ResultsEngine.Compute(new ResultsDocument { Contests = [.. districts, block] }).Contests.Single(c => c.Id == "block");
                var elected = result.Candidates.Count(c => c.Status == CandidateStatus.Elected);
                // Seats a party won but whose member is still to be drawn: ties across the last list place, and block members held for a 小選挙区 lot.
                var undrawn = result.PendingLots
                    .Where(l => !l.Purpose.Contains("当選人となるべき順位", StringComparison.Ordinal) && !l.Purpose.Contains("equal quotients", StringComparison.Ordinal))
                    .Sum(l => l.Places);
                Assert.Equal(result.Parties.Sum(p => p.Seats), elected + undrawn);
                Assert.True(result.Parties.Sum(p => p.Seats) <= seats);
                if (!result.Flags.Any(f => f.Code is FlagCode.SeatsUnfilled) && !result.PendingLots.Any(l => l.Purpose.Contains("equal quotients", StringComparison.Ordinal)))
                {
                    Assert.Equal(seats, result.Parties.Sum(p => p.Seats));
                }

                foreach (var party in result.Parties)
                {
                    Assert.True(party.Seats <= party.EligibleCandidates);
                }

                Assert.All(result.Candidates.Where(c => c.Status is CandidateStatus.ElectedInDistrict or CandidateStatus.ExcludedBelowDepositThreshold), c => Assert.Null(c.ElectedOrder));
            }, iter: 300);
}

using BenchmarkDotNet.Attributes;
using Senkyo.Domain.Results;

namespace Senkyo.Benchmarks;

/// <summary>
/// A national 衆院 election at full scale — 289 小選挙区 with 3 開票区 each and 按分 in every one,
/// 11 比例 blocks of 176 seats, ~1,000 list members, most of them dual — computed from the open
/// format. Target: under 50 ms (DESIGN.md). Synthetic figures from a fixed seed, no real names.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(warmupCount: 2, iterationCount: 5)]
public class ResultsBenchmarks
{
    private static readonly int[] BlockSeats = [8, 12, 19, 23, 19, 10, 21, 28, 10, 6, 20];

    private ResultsDocument _document = null!;
    private string _json = "";

    [GlobalSetup]
    public void Setup()
    {
        _document = NationalElection(seed: 51);
        _json = ResultsJson.Write(_document);
    }

    [Benchmark(Description = "national PR + 289 districts: compute")]
    public ResultsReport Compute() => ResultsEngine.Compute(_document);

    [Benchmark(Description = "national PR + 289 districts: read JSON and compute")]
    public ResultsReport ReadAndCompute() => ResultsEngine.Compute(ResultsJson.Read(_json));

    public static ResultsDocument NationalElection(int seed)
    {
        var random = new Random(seed);
        var parties = Enumerable.Range(1, 10).Select(i => new Party { Id = $"P{i}", Name = $"架空党{i}" }).ToList();
        var contests = new List<Contest>();
        var districtsPerBlock = new[] { 12, 21, 33, 35, 30, 18, 32, 45, 15, 11, 37 }; // 289 in all
        for (var b = 0; b < BlockSeats.Length; b++)
        {
            var listMembers = new List<Candidate>();
            for (var d = 0; d < districtsPerBlock[b]; d++)
            {
                var id = $"smd-{b}-{d}";
                var candidates = Enumerable.Range(0, 4).Select(k => new Candidate { Id = $"{id}-{k}", Name = $"候補{b}-{d}-{k}", Party = parties[(d + k) % 6].Id }).ToList();
                var tallies = Enumerable.Range(0, 3).Select(t => new CountingDistrictTally
                {
                    CountingDistrict = $"開票区{t}",
                    CandidateVotes = candidates.ToDictionary(c => c.Id, _ => Votes.FromBallots(random.Next(3_000, 40_000))),
                    Ambiguous = [new AmbiguousVote { Text = "同姓", Votes = random.Next(0, 60), Candidates = [candidates[0].Id, candidates[1].Id] }],
                }).ToList();
                contests.Add(new Contest { Id = id, Kind = ElectionKind.HouseSingleMember, Seats = 1, Parties = parties, Candidates = candidates, Tallies = tallies });
                listMembers.AddRange(candidates.Take(2).Select(c => new Candidate
                {
                    Id = "pr-" + c.Id,
                    Name = c.Name,
                    Party = c.Party,
                    ListRank = 1 + (d % 2),
                    Dual = new DualCandidacy { Contest = id, Candidate = c.Id },
                }));
            }

            for (var p = 0; p < parties.Count; p++)
            {
                listMembers.AddRange(Enumerable.Range(0, 4).Select(k => new Candidate { Id = $"pr-{b}-{p}-{k}", Name = $"名簿{b}-{p}-{k}", Party = parties[p].Id, ListRank = 10 + k }));
            }

            contests.Add(new Contest
            {
                Id = $"block-{b}",
                Kind = ElectionKind.HouseProportional,
                Seats = BlockSeats[b],
                Parties = parties,
                Candidates = listMembers,
                Tallies =
                [
                    new CountingDistrictTally
                    {
                        CountingDistrict = "ブロック",
                        PartyVotes = parties.ToDictionary(p => p.Id, _ => Votes.FromThousandths(random.NextInt64(50_000_000, 1_500_000_000))),
                        ValidVotes = null,
                    },
                ],
            });
        }

        // Party figures with 按分 fractions need the declared count of valid ballots.
        contests = contests.Select(c => c.Kind != ElectionKind.HouseProportional ? c : c with
        {
            Tallies = [c.Tallies[0] with { ValidVotes = (long)c.Tallies[0].PartyVotes.Values.Aggregate(Votes.Zero, (a, v) => a + v).ToRational().Ceiling() }],
        }).ToList();
        return new ResultsDocument { Election = "架空総選挙 (benchmark)", Contests = contests };
    }
}

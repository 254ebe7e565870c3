using Senkyo.Domain.Results;

namespace Senkyo.Domain.Tests.Results;

/// <summary>Small builders for synthetic contests (no real person's data).</summary>
internal static class Build
{
    public static Contest Plurality(ElectionKind kind, int seats, params (string Id, long Votes)[] candidates) => new()
    {
        Id = "c",
        Kind = kind,
        Seats = seats,
        Candidates = candidates.Select(c => new Candidate { Id = c.Id, Name = "候補" + c.Id }).ToList(),
        Tallies = [new CountingDistrictTally { CountingDistrict = "第1開票区", CandidateVotes = candidates.ToDictionary(c => c.Id, c => Votes.FromBallots(c.Votes)) }],
    };

    public static ContestResult Run(Contest contest) => ResultsEngine.Compute(new ResultsDocument { Contests = [contest] }).Contests[0];

    public static CandidateResult Of(this ContestResult result, string id) => result.Candidates.Single(c => c.Id == id);
}

using CsCheck;
using Senkyo.Domain.Results;

namespace Senkyo.Domain.Tests.Results;

public sealed class ResultsJsonTests
{
    private const string Minimal = """
        {
          "format": "senkyo-results",
          "version": 1,
          "election": "架空市長選挙",
          "contests": [
            {
              "id": "mayor",
              "kind": "mayor",
              "seats": 1,
              "candidates": [ { "id": "a", "name": "甲" }, { "id": "b", "name": "乙" } ],
              "tallies": [
                { "countingDistrict": "北区", "candidateVotes": { "a": 600, "b": 400.5 }, "validVotes": 1001 }
              ]
            }
          ]
        }
        """;

    [Fact]
    public void A_document_round_trips_through_json()
    {
        var document = ResultsJson.Read(Minimal, "m.json");
        var again = ResultsJson.Read(ResultsJson.Write(document), "again.json");
        Assert.Equal(Votes.FromThousandths(400_500), again.Contests[0].Tallies[0].CandidateVotes["b"]);
        Assert.Equal(ElectionKind.Mayor, again.Contests[0].Kind);
        var report = ResultsJson.Write(ResultsEngine.Compute(again));
        Assert.Contains("\"status\": \"elected\"", report, StringComparison.Ordinal);
        Assert.Contains("\"depositForfeitThreshold\": \"100.100\"", report, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"seats\": 1,", "\"seats\": \"one\",", "$.contests[0].seats")]
    [InlineData("\"b\": 400.5", "\"b\": 400.5001", "$.contests[0].tallies[0].candidateVotes.b")]
    [InlineData("\"kind\": \"mayor\"", "\"kind\": \"king\"", "$.contests[0].kind")]
    [InlineData("\"seats\": 1,", "\"seats\": 1, \"colour\": 3,", "$.contests[0].colour")]
    public void A_malformed_document_names_the_file_the_json_path_and_the_line(string from, string to, string path)
    {
        var e = Assert.Throws<ResultsFormatException>(() => ResultsJson.Read(Minimal.Replace(from, to, StringComparison.Ordinal), "bad.json"));
        Assert.Equal("bad.json", e.File);
        Assert.Equal(path, e.JsonPath);
        Assert.NotNull(e.Line);
        Assert.StartsWith("bad.json:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_document_is_refused_with_its_line()
    {
        var e = Assert.Throws<ResultsFormatException>(() => ResultsJson.Read(Minimal[..200], "cut.json"));
        Assert.True(e.Line > 1);
    }

    [Theory]
    [InlineData("\"a\": 600", "\"ghost\": 600", "$.contests[0].tallies[0].candidateVotes.ghost")]
    [InlineData("\"seats\": 1", "\"seats\": 2", "$.contests[0].seats")]
    [InlineData(", \"validVotes\": 1001", "", "$.contests[0].tallies[0].validVotes")]
    [InlineData("\"version\": 1", "\"version\": 9", "$.version")]
    public void An_incoherent_document_is_refused_before_anything_is_computed(string from, string to, string path)
    {
        var document = ResultsJson.Read(Minimal.Replace(from, to, StringComparison.Ordinal), "x.json");
        var e = Assert.Throws<ResultsFormatException>(() => ResultsEngine.Compute(document, "x.json"));
        Assert.Equal(path, e.JsonPath);
        Assert.Contains("x.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tallies_have_a_csv_form_with_one_row_per_figure()
    {
        var csv = ResultsCsv.WriteTallies(ResultsJson.Read(Minimal));
        var lines = csv.TrimEnd('\n').Split('\n');
        Assert.Equal(ResultsCsv.TallyHeader, lines[0]);
        Assert.Contains("mayor,北区,b,candidate,400.500", lines);
        Assert.Contains("mayor,北区,valid_votes,count,1001", lines);
    }

    /// <summary>Permuting contests, candidates, parties and tallies never changes who wins or the seats.</summary>
    [Fact]
    public void Permuting_input_order_never_changes_results() =>
        Gen.Select(Gen.Long[0, 5000].Array[3, 7], Gen.Long[0, 5000].Array[2, 5], Gen.Int[1, 3], Gen.Int).Sample((votesA, votesB, seats, seed) =>
        {
            var ids = votesA.Select((_, i) => "c" + i).ToArray();
            Contest Assembly(string[] order, bool reverseTallies)
            {
                var tallies = new List<CountingDistrictTally>
                {
                    new() { CountingDistrict = "東", CandidateVotes = ids.Select((id, i) => (id, Votes.FromBallots(votesA[i]))).ToDictionary() },
                    new() { CountingDistrict = "西", CandidateVotes = ids.Take(votesB.Length).Select((id, i) => (id, Votes.FromBallots(votesB[i]))).ToDictionary(), Ambiguous = [new AmbiguousVote { Text = "同姓", Votes = 7, Candidates = [ids[0], ids[1]] }] },
                };
                if (reverseTallies)
                {
                    tallies.Reverse();
                }

                return new Contest
                {
                    Id = "assembly",
                    Kind = ElectionKind.MunicipalAssembly,
                    Seats = seats,
                    Candidates = order.Select(id => new Candidate { Id = id, Name = id }).ToList(),
                    Tallies = tallies,
                };
            }

            var shuffled = ids.ToArray();
            new Random(seed).Shuffle(shuffled);
            var a = Build.Run(Assembly(ids, false));
            var b = Build.Run(Assembly(shuffled, true));
            return a.Candidates.Select(c => (c.Id, c.Status, c.ElectedOrder, c.ExactVotes))
                .SequenceEqual(b.Candidates.Select(c => (c.Id, c.Status, c.ElectedOrder, c.ExactVotes)))
                && a.PendingLots.Select(l => string.Join(",", l.Among)).SequenceEqual(b.PendingLots.Select(l => string.Join(",", l.Among)));
        });
}

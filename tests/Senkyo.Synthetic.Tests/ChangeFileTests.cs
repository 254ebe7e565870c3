using System.Text;
using Senkyo.Synthetic.Catalog;
using Senkyo.Synthetic.Changes;
using Senkyo.Synthetic.Residents;

namespace Senkyo.Synthetic.Tests;

public sealed class ChangeFileTests(PopulationFixture fixture) : IClassFixture<PopulationFixture>
{
    private static readonly DateOnly From = new(2026, 11, 29);
    private static readonly DateOnly To = new(2027, 5, 31);

    private List<ChangeEvent> Generate(ulong seed = 3) =>
        [.. new ChangeGenerator(fixture.City, SyntheticCatalog.Default, seed, From).Generate(fixture.Residents, From, To)];

    [Fact]
    public void Every_event_refers_to_a_resident_who_exists_on_its_date()
    {
        var present = fixture.Residents.ToDictionary(r => r.ResidentId, r => r, StringComparer.Ordinal);
        var lastEvent = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        foreach (var e in Generate())
        {
            var id = e.Resident.ResidentId;
            if (e.Kind is ChangeKind.MoveIn or ChangeKind.Birth)
            {
                Assert.False(present.ContainsKey(id), $"event {e.EventId}: {id} already present");
                present[id] = e.Resident;
            }
            else
            {
                Assert.True(present.ContainsKey(id), $"event {e.EventId} ({e.Kind}) for {id}, who is not a resident on {e.EventDate}");
                if (lastEvent.TryGetValue(id, out var previous))
                {
                    Assert.True(e.EventDate > previous, $"event {e.EventId} for {id} dated {e.EventDate}, not after its previous event {previous}");
                }

                if (e.Kind is ChangeKind.MoveOut or ChangeKind.Death)
                {
                    present.Remove(id);
                }
                else
                {
                    present[id] = e.Resident;
                }
            }

            Assert.True(e.Resident.BirthDate <= e.EventDate, $"event {e.EventId} before birth");
            lastEvent[id] = e.FilingDate > e.EventDate ? e.FilingDate : e.EventDate;
        }
    }

    [Fact]
    public void Events_are_in_filing_order_inside_the_period_with_plausible_lags()
    {
        var events = Generate();
        Assert.Equal(events.OrderBy(e => e.FilingDate).ThenBy(e => e.EventId).Select(e => e.EventId), events.Select(e => e.EventId));
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.EventId));
        Assert.All(events, e =>
        {
            Assert.InRange(e.FilingDate, From, To);
            var lag = e.FilingDate.DayNumber - e.EventDate.DayNumber;
            Assert.InRange(lag, e.Kind == ChangeKind.MoveOut ? -14 : 0, 30); // a move-out is filed up to 14 days ahead
        });
    }

    [Fact]
    public void Every_kind_of_event_occurs_at_plausible_rates()
    {
        var events = Generate();
        var years = (To.DayNumber - From.DayNumber + 1) / 365.25;
        double PerPersonYear(string kind) => events.Count(e => e.Kind == kind) / (fixture.Residents.Count * years);
        Assert.InRange(PerPersonYear(ChangeKind.MoveIn), 0.025, 0.06);
        Assert.InRange(PerPersonYear(ChangeKind.MoveOut), 0.025, 0.06);
        Assert.InRange(PerPersonYear(ChangeKind.MoveWithin), 0.015, 0.045);
        Assert.InRange(PerPersonYear(ChangeKind.Death), 0.006, 0.016);
        Assert.InRange(PerPersonYear(ChangeKind.Birth), 0.004, 0.009);
        Assert.Contains(events, e => e.Kind == ChangeKind.NameChange);
        Assert.Contains(events, e => e.Kind == ChangeKind.NationalityGained);
        Assert.All(events.Where(e => e.Kind == ChangeKind.MoveOut), e => Assert.NotEmpty(e.DestinationAddress));
        Assert.Contains(events, e => e.Kind == ChangeKind.MoveOut && e.DestinationPrefecture == "大阪府");
        Assert.Contains(events, e => e.Kind == ChangeKind.MoveOut && e.DestinationPrefecture != "大阪府");
    }

    [Fact]
    public void Moves_within_the_city_change_the_voting_district_and_new_people_get_fresh_valid_ids()
    {
        var events = Generate();
        var before = fixture.Residents.ToDictionary(r => r.ResidentId, StringComparer.Ordinal);
        var moves = events.Where(e => e.Kind == ChangeKind.MoveWithin && before.ContainsKey(e.Resident.ResidentId)).ToList();
        Assert.Contains(moves, e => fixture.City.DistrictOfTown(e.Resident.TownCode)!.Code != fixture.City.DistrictOfTown(before[e.Resident.ResidentId].TownCode)!.Code);
        var newcomers = events.Where(e => e.Kind is ChangeKind.MoveIn or ChangeKind.Birth).Select(e => e.Resident.ResidentId).ToList();
        Assert.Equal(newcomers.Count, newcomers.Distinct().Count());
        Assert.All(newcomers, id => Assert.True(Domain.Residents.ResidentId.IsValid(id)));
        Assert.DoesNotContain(newcomers, before.ContainsKey);
    }

    [Fact]
    public async Task The_change_file_is_deterministic_and_carries_the_base_hash()
    {
        async Task<string> Write()
        {
            using var stream = new MemoryStream();
            await ChangeFileWriter.WriteAsync(Generate(5), ChangeFileWriter.MarkerLine(5, From, To, "abc123"), stream, OutputEncoding.Parse("utf-8"), TestContext.Current.CancellationToken);
            return Encoding.UTF8.GetString(stream.ToArray());
        }

        var first = await Write();
        Assert.Equal(first, await Write());
        var lines = first.Split('\n');
        Assert.StartsWith("#SENKYO-SYNTHETIC change-file v1 seed=5 from=2026-11-29 to=2027-05-31 base-sha256=abc123", lines[0], StringComparison.Ordinal);
        Assert.Equal(string.Join(',', ChangeFileWriter.Columns), lines[1]);
        Assert.All(lines.Skip(2).Where(l => l.Length > 0), l => Assert.Equal(ChangeFileWriter.Columns.Count, l.Split(',').Length));
    }
}

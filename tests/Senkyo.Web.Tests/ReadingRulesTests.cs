using Microsoft.Extensions.Time.Testing;
using Senkyo.Web.Accounts;
using Senkyo.Web.Security;

namespace Senkyo.Web.Tests;

/// <summary>The reading monitor's rules (閲覧監視), on the pure per-reader history with a fake clock.</summary>
public sealed class ReadingRulesTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero));
    private readonly MonitoringOptions _rules = new();
    private readonly ReaderHistory _history = new(100_000);

    private static readonly ReadingLimits Small = new() { RecordsPerHour = 10, RecordsPerDay = 25, BroadSearchesPerHour = 5 };

    private IReadOnlyList<ReadingFinding> Open(long id, ReadingLimits? limits = null) =>
        _history.Observe(new ReadObservation(_time.GetUtcNow(), ReadKind.Open, [id]), limits ?? Small, _rules);

    private IReadOnlyList<ReadingFinding> Search(IReadOnlyList<long> ids, DateOnly? birthDateOnly = null, ReadingLimits? limits = null) =>
        _history.Observe(new ReadObservation(_time.GetUtcNow(), ReadKind.Search, ids, birthDateOnly), limits ?? Small, _rules);

    /// <summary>Ids far apart (no scan), all distinct.</summary>
    private static long Spread(int i) => 1000 + (i * 7919L);

    [Theory]
    [InlineData(9, false)]
    [InlineData(10, false)]
    [InlineData(11, true)]
    public void Volume_per_hour_fires_only_above_the_role_norm(int people, bool fires)
    {
        var all = new List<ReadingFinding>();
        for (var i = 0; i < people; i++)
        {
            all.AddRange(Open(Spread(i)));
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        var volume = all.Where(f => f.Rule == ReadingRule.VolumePerHour).ToArray();
        Assert.Equal(fires, volume.Length == 1);
        if (fires)
        {
            Assert.Equal(11, volume[0].Records);
            Assert.Equal(Enumerable.Range(0, 11).Select(Spread), volume[0].PersonIds);
        }

        Assert.DoesNotContain(all, f => f.Rule != ReadingRule.VolumePerHour);
    }

    [Fact]
    public void The_same_person_read_again_counts_once()
    {
        for (var i = 0; i < 50; i++)
        {
            Assert.Empty(Open(4242));
            Assert.Empty(Search([4242, 4243]));
        }

        Assert.Equal(2, _history.PeopleLastHour);
    }

    [Fact]
    public void The_hour_window_slides()
    {
        for (var i = 0; i < 10; i++)
        {
            Assert.Empty(Open(Spread(i)));
        }

        // One second short of an hour the first ten are still in the window: one more is the 11th.
        _time.Advance(TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));
        Assert.Contains(Open(Spread(10)), f => f.Rule == ReadingRule.VolumePerHour);

        var fresh = new ReaderHistory(1000);
        var start = _time.GetUtcNow();
        for (var i = 0; i < 10; i++)
        {
            Assert.Empty(fresh.Observe(new ReadObservation(start, ReadKind.Open, [Spread(i)]), Small, _rules));
        }

        // At exactly one hour the first ten have left the window.
        var later = start + TimeSpan.FromHours(1);
        Assert.Empty(fresh.Observe(new ReadObservation(later, ReadKind.Open, [Spread(10)]), Small, _rules));
        Assert.Equal(1, fresh.PeopleLastHour);
        Assert.Equal(11, fresh.PeopleLastDay);
    }

    [Fact]
    public void Volume_per_day_counts_across_hours_and_slides_after_24_hours()
    {
        var findings = new List<ReadingFinding>();
        var n = 0;
        for (var hour = 0; hour < 2; hour++)
        {
            for (var i = 0; i < 10; i++)
            {
                findings.AddRange(Open(Spread(n++)));
            }

            _time.Advance(TimeSpan.FromHours(1));
        }

        for (var i = 0; i < 5; i++)
        {
            findings.AddRange(Open(Spread(n++)));
        }

        Assert.Empty(findings); // 25 in the day: at the norm
        Assert.Equal(25, _history.PeopleLastDay);
        var over = Open(Spread(n++));
        var day = Assert.Single(over);
        Assert.Equal(ReadingRule.VolumePerDay, day.Rule);
        Assert.Equal(26, day.Records);

        // 24 hours after the first ten, they have left the window.
        _time.Advance(TimeSpan.FromHours(22));
        Assert.Empty(Open(Spread(n++)));
        Assert.Equal(17, _history.PeopleLastDay);
    }

    [Theory]
    [InlineData(19, false)]
    [InlineData(20, true)]
    public void Consecutive_record_opens_are_a_sequential_scan(int opens, bool fires)
    {
        var all = new List<ReadingFinding>();
        for (var i = 0; i < opens; i++)
        {
            all.AddRange(Open(500_000 + i, RegisterClerkNorm));
            _time.Advance(TimeSpan.FromSeconds(20));
        }

        var scan = all.Where(f => f.Rule == ReadingRule.SequentialScan).ToArray();
        Assert.Equal(fires, scan.Length == 1);
        if (fires)
        {
            Assert.Equal(20, scan[0].Records);
            Assert.Equal(Enumerable.Range(500_000, 20).Select(i => (long)i), scan[0].PersonIds);
        }
    }

    [Theory]
    [InlineData(4, true)]  // 15 of 19 steps near: 79 %
    [InlineData(5, false)] // 14 of 19 steps near: 74 %
    public void A_scan_may_skip_a_few_ids_but_mostly_steps_near(int farSteps, bool fires)
    {
        long id = 300_000;
        var all = new List<ReadingFinding>(Open(id, RegisterClerkNorm));
        for (var step = 1; step < 20; step++)
        {
            id += step <= farSteps ? 5_000 : 3; // a step of 3: within ScanMaxStep (10)
            all.AddRange(Open(id, RegisterClerkNorm));
        }

        Assert.Equal(fires, all.Any(f => f.Rule == ReadingRule.SequentialScan));
    }

    [Fact]
    public void A_scan_of_the_same_block_in_reverse_is_also_a_scan_but_one_spread_over_more_than_the_window_is_not()
    {
        for (var i = 0; i < 19; i++)
        {
            Assert.Empty(Open(90_000 - i, RegisterClerkNorm));
        }

        Assert.Contains(Open(90_000 - 19, RegisterClerkNorm), f => f.Rule == ReadingRule.SequentialScan);

        var slow = new ReaderHistory(1000);
        var t = _time.GetUtcNow();
        var found = new List<ReadingFinding>();
        for (var i = 0; i < 60; i++)
        {
            found.AddRange(slow.Observe(new ReadObservation(t, ReadKind.Open, [10_000 + i]), RegisterClerkNorm, _rules));
            t += TimeSpan.FromMinutes(4); // 20 opens take 76 minutes: never 20 within the hour
        }

        Assert.Empty(found);
    }

    [Fact]
    public void Random_record_opens_are_not_a_scan_even_in_a_small_store()
    {
        foreach (var (seed, people) in new[] { (1, 680_000), (2, 680_000), (3, 400), (4, 400), (5, 2_000) })
        {
            var random = new Random(seed);
            var history = new ReaderHistory(100_000);
            var t = _time.GetUtcNow();
            for (var i = 0; i < 200; i++)
            {
                var found = history.Observe(new ReadObservation(t, ReadKind.Open, [random.NextInt64(1, people + 1)]), RegisterClerkNorm, _rules);
                Assert.DoesNotContain(found, f => f.Rule == ReadingRule.SequentialScan);
                t += TimeSpan.FromSeconds(10);
            }
        }
    }

    [Theory]
    [InlineData(9, false)]
    [InlineData(10, true)]
    public void Searches_by_birth_date_alone_stepping_through_days_are_a_scan(int searches, bool fires)
    {
        var day = new DateOnly(1970, 1, 1);
        var all = new List<ReadingFinding>();
        for (var i = 0; i < searches; i++)
        {
            all.AddRange(Search([10 * i, (10 * i) + 1], day.AddDays(i), RegisterClerkNorm));
            _time.Advance(TimeSpan.FromMinutes(2));
        }

        var scan = all.Where(f => f.Rule == ReadingRule.BirthDateScan).ToArray();
        Assert.Equal(fires, scan.Length == 1);
        if (fires)
        {
            Assert.Equal(20, scan[0].Records);
        }
    }

    [Fact]
    public void Birth_dates_searched_out_of_order_or_with_a_name_are_not_a_scan()
    {
        var random = new Random(7);
        for (var i = 0; i < 40; i++)
        {
            var day = new DateOnly(1940, 1, 1).AddDays(random.Next(0, 30_000));
            Assert.Empty(Search([i], day, RegisterClerkNorm));
        }

        // Name and birth date (the usual check-in search) on consecutive days: BirthDateOnly is not set.
        for (var i = 0; i < 40; i++)
        {
            Assert.Empty(Search([100 + i], null, RegisterClerkNorm));
        }
    }

    [Theory]
    [InlineData(5, false)]
    [InlineData(6, true)]
    public void Many_distinct_broad_searches_in_an_hour_are_breadth(int searches, bool fires)
    {
        var all = new List<ReadingFinding>();
        for (var i = 0; i < searches; i++)
        {
            all.AddRange(Search([.. Enumerable.Range(1000 * i, 20).Select(x => (long)x)], limits: BroadOnly));
            _time.Advance(TimeSpan.FromMinutes(5));
        }

        var breadth = all.Where(f => f.Rule == ReadingRule.Breadth).ToArray();
        Assert.Equal(fires, breadth.Length == 1);
        if (fires)
        {
            Assert.Equal(120, breadth[0].Records);
        }
    }

    [Fact]
    public void Breadth_ignores_narrow_searches_repeats_and_searches_older_than_an_hour()
    {
        for (var i = 0; i < 30; i++)
        {
            // 19 people: below BroadSearchMinResults (20).
            Assert.Empty(Search([.. Enumerable.Range(1000 * i, 19).Select(x => (long)x)], limits: BroadOnly));
        }

        long[] same = [.. Enumerable.Range(50_000, 40).Select(x => (long)x)];
        for (var i = 0; i < 30; i++)
        {
            Assert.Empty(Search(same, limits: BroadOnly));
        }

        _time.Advance(TimeSpan.FromHours(1));
        for (var i = 0; i < 30; i++)
        {
            Assert.Empty(Search([.. Enumerable.Range(100_000 + (1000 * i), 25).Select(x => (long)x)], limits: BroadOnly));
            _time.Advance(TimeSpan.FromMinutes(13)); // at most 5 within any hour
        }
    }

    [Fact]
    public void A_register_clerks_normal_day_raises_nothing()
    {
        var limits = _rules.Roles.For(StaffRole.RegisterClerk);
        var random = new Random(20261130);
        var findings = new List<ReadingFinding>();
        var start = _time.GetUtcNow();
        // 8 working hours: 200 records opened at random from a city of 680,000, 50 searches by name and birth date
        // (1-3 people each), 8 broad kana searches (50 people each) and 3 searches by birth date alone.
        for (var i = 0; i < 200; i++)
        {
            _time.SetUtcNow(start + TimeSpan.FromSeconds(i * 144));
            findings.AddRange(Open(random.NextInt64(1, 680_001), limits));
            if (i % 4 == 0)
            {
                findings.AddRange(Search([.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.NextInt64(1, 680_001))], null, limits));
            }

            if (i % 25 == 0)
            {
                findings.AddRange(Search([.. Enumerable.Range(0, 50).Select(_ => random.NextInt64(1, 680_001))], null, limits));
            }

            if (i % 70 == 0)
            {
                findings.AddRange(Search([random.NextInt64(1, 680_001)], new DateOnly(1950, 1, 1).AddDays(random.Next(0, 20_000)), limits));
            }
        }

        Assert.Empty(findings);
        Assert.InRange(_history.PeopleLastDay, 600, 1000);
    }

    [Fact]
    public void Clearing_forgets_the_reading_so_far()
    {
        for (var i = 0; i < 10; i++)
        {
            Assert.Empty(Open(Spread(i)));
        }

        _history.Clear();
        Assert.Equal(0, _history.PeopleLastDay);
        Assert.Empty(Open(Spread(10)));
    }

    [Fact]
    public void Default_settings_are_usable_and_bad_ones_are_named()
    {
        Assert.Null(new MonitoringOptions().Problem());
        var roles = new MonitoringOptions().Roles;
        Assert.True(roles.Reception.RecordsPerDay < roles.RegisterClerk.RecordsPerDay);
        Assert.True(roles.Other.RecordsPerDay <= roles.Reception.RecordsPerDay);
        Assert.Contains("ScanNearPercent", new MonitoringOptions { ScanNearPercent = 101 }.Problem(), StringComparison.Ordinal);
        Assert.Contains("ThrottleDuration", new MonitoringOptions { ThrottleDuration = TimeSpan.Zero }.Problem(), StringComparison.Ordinal);
        var bad = new MonitoringOptions();
        bad.Roles.Reception.RecordsPerDay = 10;
        Assert.Contains("Roles:Reception", bad.Problem(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_rule_maps_to_an_audit_code_and_back()
    {
        foreach (var rule in Enum.GetValues<ReadingRule>())
        {
            Assert.True(Privacy.Audit.AuditEvent.IsCode(rule.Action()));
            Assert.True(Privacy.Audit.AuditEvent.IsCode(rule.Purpose()));
            Assert.StartsWith("alert.", rule.Action(), StringComparison.Ordinal);
            Assert.Equal(rule, ReadingRules.FromEvent(rule.Action(), rule.Purpose()));
        }

        Assert.Null(ReadingRules.FromEvent("alert.reading-volume", "reading-monitor:per-week"));
    }

    private static readonly ReadingLimits RegisterClerkNorm = new MonitoringOptions().Roles.RegisterClerk;

    private static readonly ReadingLimits BroadOnly = new() { RecordsPerHour = 100_000, RecordsPerDay = 100_000, BroadSearchesPerHour = 5 };
}

namespace Senkyo.Web.Security;

/// <summary>What a read of personal data was: a search (its shown people) or the opening of one record.</summary>
public enum ReadKind
{
    /// <summary>選挙人検索: the people a search showed (the store's "voter.show" event).</summary>
    Search,

    /// <summary>選挙人の閲覧: one record opened (the store's "elector.read" event).</summary>
    Open,
}

/// <summary>The rules of the reading monitor (閲覧監視), each with the audit action and purpose code its alert carries.</summary>
public enum ReadingRule
{
    /// <summary>More distinct people in the last hour than the role's norm.</summary>
    VolumePerHour,

    /// <summary>More distinct people in the last 24 hours than the role's norm.</summary>
    VolumePerDay,

    /// <summary>Record opens walking consecutive or near-consecutive person ids.</summary>
    SequentialScan,

    /// <summary>Searches by birth date alone stepping through consecutive dates.</summary>
    BirthDateScan,

    /// <summary>Many distinct searches that each show many people.</summary>
    Breadth,
}

public static class ReadingRules
{
    public static string Action(this ReadingRule rule) => rule switch
    {
        ReadingRule.VolumePerHour or ReadingRule.VolumePerDay => "alert.reading-volume",
        ReadingRule.SequentialScan or ReadingRule.BirthDateScan => "alert.sequential-scan",
        ReadingRule.Breadth => "alert.search-breadth",
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, null),
    };

    /// <summary>The purpose code of the alert event: which variant of the action fired.</summary>
    public static string Purpose(this ReadingRule rule) => rule switch
    {
        ReadingRule.VolumePerHour => "reading-monitor:per-hour",
        ReadingRule.VolumePerDay => "reading-monitor:per-day",
        ReadingRule.SequentialScan => "reading-monitor:person-ids",
        ReadingRule.BirthDateScan => "reading-monitor:birth-dates",
        ReadingRule.Breadth => "reading-monitor:broad-searches",
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, null),
    };

    public static ReadingRule? FromEvent(string action, string purpose) =>
        Enum.GetValues<ReadingRule>().Select(r => (ReadingRule?)r).FirstOrDefault(r => r!.Value.Action() == action && r.Value.Purpose() == purpose);

    public static string Japanese(this ReadingRule rule) => rule switch
    {
        ReadingRule.VolumePerHour => "閲覧件数（1時間）",
        ReadingRule.VolumePerDay => "閲覧件数（24時間）",
        ReadingRule.SequentialScan => "連番での閲覧",
        ReadingRule.BirthDateScan => "生年月日の連続検索",
        ReadingRule.Breadth => "大量ヒット検索の反復",
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, null),
    };
}

/// <summary>One read as the monitor sees it. <paramref name="BirthDateOnly"/> is set for a search by birth date alone.</summary>
public sealed record ReadObservation(DateTimeOffset At, ReadKind Kind, IReadOnlyList<long> PersonIds, DateOnly? BirthDateOnly = null);

/// <summary>A rule that fired: how many distinct people it concerns and who they are (surrogate ids only).</summary>
public sealed record ReadingFinding(ReadingRule Rule, int Records, IReadOnlyList<long> PersonIds);

/// <summary>
/// One reader's recent reading and the detection rules over it (閲覧監視の判定): pure, no clock and no I/O, so each
/// rule is tested with plain times. Memory is bounded: the volume windows hold at most <c>capacity</c> entries, the
/// scan and breadth windows a handful of reads.
/// </summary>
public sealed class ReaderHistory(int capacity)
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private readonly SlidingDistinct _hour = new(Hour, capacity);
    private readonly SlidingDistinct _day = new(Day, capacity);
    private readonly Queue<(DateTimeOffset At, long Id)> _opens = new();
    private readonly Queue<(DateTimeOffset At, int Day, IReadOnlyList<long> Ids)> _dateSearches = new();
    private readonly Queue<(DateTimeOffset At, string Key, IReadOnlyList<long> Ids)> _broadSearches = new();

    public DateTimeOffset LastSeen { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>Distinct people seen in the last hour (as of the last observation).</summary>
    public int PeopleLastHour => _hour.Count;

    /// <summary>Distinct people seen in the last 24 hours (as of the last observation).</summary>
    public int PeopleLastDay => _day.Count;

    /// <summary>Adds a read and returns the rules it makes fire (usually none).</summary>
    public IReadOnlyList<ReadingFinding> Observe(ReadObservation read, ReadingLimits limits, MonitoringOptions rules)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(rules);
        LastSeen = read.At > LastSeen ? read.At : LastSeen;
        var findings = new List<ReadingFinding>();
        _hour.Add(read.At, read.PersonIds);
        _day.Add(read.At, read.PersonIds);
        if (_hour.Count > limits.RecordsPerHour)
        {
            findings.Add(new ReadingFinding(ReadingRule.VolumePerHour, _hour.Count, _hour.Ids()));
        }
        else if (_day.Count > limits.RecordsPerDay)
        {
            findings.Add(new ReadingFinding(ReadingRule.VolumePerDay, _day.Count, _day.Ids()));
        }

        if (read.Kind == ReadKind.Open && ObserveOpens(read, rules) is { } scan)
        {
            findings.Add(scan);
        }

        if (read.Kind == ReadKind.Search && read.BirthDateOnly is { } date && ObserveDateSearch(read, date, rules) is { } dateScan)
        {
            findings.Add(dateScan);
        }

        if (read.Kind == ReadKind.Search && read.PersonIds.Count >= rules.BroadSearchMinResults && ObserveBroadSearch(read, limits) is { } breadth)
        {
            findings.Add(breadth);
        }

        return findings;
    }

    /// <summary>Forgets everything: an auditor has judged the reading so far legitimate.</summary>
    public void Clear()
    {
        _hour.Clear();
        _day.Clear();
        _opens.Clear();
        _dateSearches.Clear();
        _broadSearches.Clear();
    }

    private ReadingFinding? ObserveOpens(ReadObservation read, MonitoringOptions rules)
    {
        foreach (var id in read.PersonIds)
        {
            _opens.Enqueue((read.At, id));
        }

        while (_opens.Count > rules.ScanOpens || (_opens.Count > 0 && _opens.Peek().At <= read.At - rules.ScanWindow))
        {
            _opens.Dequeue();
        }

        if (_opens.Count < rules.ScanOpens || !MostlyNear(_opens.Select(o => o.Id).ToArray(), rules.ScanMaxStep, rules.ScanNearPercent))
        {
            return null;
        }

        var ids = _opens.Select(o => o.Id).Distinct().ToArray();
        _opens.Clear();
        return new ReadingFinding(ReadingRule.SequentialScan, ids.Length, ids);
    }

    private ReadingFinding? ObserveDateSearch(ReadObservation read, DateOnly date, MonitoringOptions rules)
    {
        _dateSearches.Enqueue((read.At, date.DayNumber, read.PersonIds));
        while (_dateSearches.Count > rules.BirthDateScanSearches || _dateSearches.Peek().At <= read.At - rules.ScanWindow)
        {
            _dateSearches.Dequeue();
        }

        if (_dateSearches.Count < rules.BirthDateScanSearches
            || !MostlyNear(_dateSearches.Select(s => (long)s.Day).ToArray(), rules.BirthDateScanMaxStepDays, rules.ScanNearPercent))
        {
            return null;
        }

        var ids = _dateSearches.SelectMany(s => s.Ids).Distinct().ToArray();
        _dateSearches.Clear();
        return new ReadingFinding(ReadingRule.BirthDateScan, ids.Length, ids);
    }

    private ReadingFinding? ObserveBroadSearch(ReadObservation read, ReadingLimits limits)
    {
        while (_broadSearches.Count > 0 && _broadSearches.Peek().At <= read.At - Hour)
        {
            _broadSearches.Dequeue();
        }

        // The same list shown again (paging back, a reprint) is one search, not two.
        var key = Privacy.Audit.SubjectSet.Of(read.PersonIds).ToString();
        if (_broadSearches.Any(s => s.Key == key))
        {
            return null;
        }

        _broadSearches.Enqueue((read.At, key, read.PersonIds));
        if (_broadSearches.Count <= limits.BroadSearchesPerHour)
        {
            return null;
        }

        var ids = _broadSearches.SelectMany(s => s.Ids).Distinct().ToArray();
        _broadSearches.Clear();
        return new ReadingFinding(ReadingRule.Breadth, ids.Length, ids);
    }

    /// <summary>Whether at least <paramref name="percent"/> % of the steps between successive values are 1..maxStep long.</summary>
    private static bool MostlyNear(long[] values, int maxStep, int percent)
    {
        var near = 0;
        for (var i = 1; i < values.Length; i++)
        {
            var step = Math.Abs(values[i] - values[i - 1]);
            if (step >= 1 && step <= maxStep)
            {
                near++;
            }
        }

        return near * 100L >= (long)percent * (values.Length - 1);
    }

    /// <summary>Distinct ids seen within a sliding time window, at most <c>capacity</c> entries (the oldest go first).</summary>
    private sealed class SlidingDistinct(TimeSpan window, int capacity)
    {
        private readonly Queue<(DateTimeOffset At, long Id)> _entries = new();
        private readonly Dictionary<long, int> _counts = [];

        public int Count => _counts.Count;

        public long[] Ids() => [.. _counts.Keys.Order()];

        public void Add(DateTimeOffset at, IEnumerable<long> ids)
        {
            while (_entries.Count > 0 && _entries.Peek().At <= at - window)
            {
                Drop();
            }

            foreach (var id in ids)
            {
                _entries.Enqueue((at, id));
                _counts[id] = _counts.GetValueOrDefault(id) + 1;
                if (_entries.Count > capacity)
                {
                    Drop();
                }
            }
        }

        public void Clear()
        {
            _entries.Clear();
            _counts.Clear();
        }

        private void Drop()
        {
            var (_, id) = _entries.Dequeue();
            if (--_counts[id] == 0)
            {
                _counts.Remove(id);
            }
        }
    }
}

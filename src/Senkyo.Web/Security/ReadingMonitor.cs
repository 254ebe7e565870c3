using System.Security.Claims;
using Microsoft.Extensions.Options;
using Senkyo.Privacy.Audit;
using Senkyo.Storage;
using Senkyo.Web.Accounts;
using Senkyo.Web.Store;

namespace Senkyo.Web.Security;

/// <summary>An alert of the reading monitor as the 監査 screen lists it; <paramref name="Seq"/> is its audit event (null only if writing it failed).</summary>
public sealed record ReadingAlert(long? Seq, string UserName, string RoleCode, ReadingRule Rule, DateTimeOffset At, int Records)
{
    public StaffRole? Role => StaffRoleNames.TryParse(RoleCode, out var r) ? r : null;
}

/// <summary>An open alert with its reader's throttle: the end of the throttle, or null when it has run out.</summary>
public sealed record OpenAlert(ReadingAlert Alert, DateTimeOffset? ThrottledUntil);

/// <summary>
/// 閲覧監視: watches every read of personal data the web app performs, raises an alert (an audit event in the store's
/// chain, so it cannot be removed quietly) when a reader departs from the role's norm, and throttles that reader
/// (every ElectorRead endpoint answers 429) until a 監査担当 lifts it or the throttle runs out. State is in memory,
/// bounded, and restored at start-up from the last day of the audit trail.
/// Pages call <see cref="ObserveSearchAsync"/> after each search and <see cref="ObserveOpenAsync"/> after each record
/// opened; when either returns true the page shows <see cref="ReadingThrottle.Refuse"/> instead of the data.
/// </summary>
public sealed partial class ReadingMonitor(IOptions<MonitoringOptions> options, StoreHost store, TimeProvider time, ILogger<ReadingMonitor> logger) : IDisposable
{
    public const string LiftedAction = "alert.lifted";
    private const string LiftPurposePrefix = "lift:staff:";
    private const string StaffPrefix = "staff:";
    private static readonly string[] ReadActions = ["voter.show", "elector.read"];

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Reader> _readers = new(StringComparer.Ordinal);
    private readonly List<ReadingAlert> _alerts = [];
    private readonly SemaphoreSlim _load = new(1, 1);
    private bool _loaded;

    private MonitoringOptions Rules => options.Value;

    /// <summary>After a search: the people it showed; a search by birth date alone also feeds the birth-date scan rule.</summary>
    public Task<bool> ObserveSearchAsync(ClaimsPrincipal user, VoterQuery query, IReadOnlyList<VoterView> shown, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(shown);
        var birthDateOnly = query is { Kana: null, Name: null, BirthDate: { } b } ? b : (DateOnly?)null;
        return ObserveAsync(user, ReadKind.Search, [.. shown.Select(v => v.Id)], birthDateOnly, cancellationToken);
    }

    /// <summary>After a record was opened (ReadElectorAsync).</summary>
    public Task<bool> ObserveOpenAsync(ClaimsPrincipal user, long personId, CancellationToken cancellationToken) =>
        ObserveAsync(user, ReadKind.Open, [personId], null, cancellationToken);

    /// <summary>
    /// Feeds one read to the rules. Returns true when the reader is throttled (already, or by an alert this read
    /// raised): the caller then withholds what it read. An alert is written to the audit chain before this returns,
    /// even if the request is cancelled meanwhile.
    /// </summary>
    public async Task<bool> ObserveAsync(ClaimsPrincipal user, ReadKind kind, IReadOnlyList<long> personIds, DateOnly? birthDateOnly, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(personIds);
        await EnsureLoadedAsync(cancellationToken);
        var who = Identify(user);
        var now = time.GetUtcNow();
        List<(ReadingFinding Finding, ReadingAlert Alert)> raised;
        lock (_gate)
        {
            var reader = ReaderOf(who.UserName, now);
            var throttled = reader.IsThrottled(now);
            var findings = reader.History.Observe(new ReadObservation(now, kind, personIds, birthDateOnly), Rules.Roles.For(who.Role), Rules);
            if (throttled || findings.Count == 0)
            {
                return throttled;
            }

            // The throttle holds from detection on, before the alert is written: a failed write fails closed.
            reader.ThrottledUntil = now + Rules.ThrottleDuration;
            raised = [.. findings.Select(f => (f, new ReadingAlert(null, who.UserName, who.RoleCode, f.Rule, now, f.Records)))];
            foreach (var (_, alert) in raised)
            {
                AddAlert(alert);
            }
        }

        foreach (var (finding, alert) in raised)
        {
            var context = new AccessContext(StaffPrefix + who.UserName, who.RoleCode, who.WardScope, finding.Rule.Purpose());
            // Not the request's token: a reader who aborts the request must not keep the alert out of the chain.
            var seq = await store.Store.RecordAsync(context, finding.Rule.Action(), SubjectSet.Of(finding.PersonIds), AuditOutcome.Denied, finding.Records, CancellationToken.None);
            lock (_gate)
            {
                var i = _alerts.IndexOf(alert);
                if (i >= 0)
                {
                    _alerts[i] = alert with { Seq = seq };
                }
            }

            LogAlert(logger, finding.Rule.Action(), finding.Rule.Purpose(), seq, finding.Records);
        }

        return true;
    }

    /// <summary>Whether the user is throttled now (what the NotThrottled requirement of the ElectorRead policy asks).</summary>
    public async Task<bool> IsThrottledAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity?.Name is not { } name)
        {
            return false;
        }

        await EnsureLoadedAsync(cancellationToken);
        lock (_gate)
        {
            return _readers.TryGetValue(name, out var reader) && reader.IsThrottled(time.GetUtcNow());
        }
    }

    /// <summary>Alerts not yet lifted, newest first, each with its reader's throttle.</summary>
    public async Task<IReadOnlyList<OpenAlert>> OpenAlertsAsync(CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            return [.. _alerts
                .OrderByDescending(a => a.At).ThenByDescending(a => a.Seq)
                .Select(a => new OpenAlert(a, _readers.TryGetValue(a.UserName, out var r) && r.IsThrottled(now) ? r.ThrottledUntil : null))];
        }
    }

    /// <summary>
    /// A 監査担当 lifts the throttle of <paramref name="userName"/> and closes that reader's open alerts; the reader
    /// starts afresh. Recorded as an "alert.lifted" event by the auditor before it takes effect. False when the user
    /// has no open alert and no throttle (nothing is recorded then).
    /// </summary>
    public async Task<bool> LiftAsync(ClaimsPrincipal auditor, string userName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userName);
        await EnsureLoadedAsync(cancellationToken);
        var who = Identify(auditor);
        if (!AuditEvent.IsCode(LiftPurposePrefix + userName))
        {
            return false;
        }

        int closed;
        lock (_gate)
        {
            closed = _alerts.Count(a => a.UserName == userName);
            var throttled = _readers.TryGetValue(userName, out var reader) && reader.IsThrottled(time.GetUtcNow());
            if (closed == 0 && !throttled)
            {
                return false;
            }
        }

        var context = new AccessContext(StaffPrefix + who.UserName, who.RoleCode, who.WardScope, LiftPurposePrefix + userName);
        var seq = await store.Store.RecordAsync(context, LiftedAction, SubjectSet.Empty, AuditOutcome.Success, closed, CancellationToken.None);
        lock (_gate)
        {
            Lift(userName, seq);
        }

        LogLifted(logger, seq, closed);
        return true;
    }

    private void Lift(string userName, long seq)
    {
        _alerts.RemoveAll(a => a.UserName == userName && (a.Seq is null || a.Seq < seq));
        if (_readers.TryGetValue(userName, out var reader))
        {
            reader.ThrottledUntil = null;
            reader.History.Clear();
        }
    }

    private void AddAlert(ReadingAlert alert)
    {
        _alerts.Add(alert);
        if (_alerts.Count > Rules.MaxOpenAlerts)
        {
            _alerts.RemoveAt(0);
        }
    }

    private Reader ReaderOf(string userName, DateTimeOffset now)
    {
        if (_readers.TryGetValue(userName, out var reader))
        {
            return reader;
        }

        if (_readers.Count >= Rules.MaxReaders)
        {
            // A throttled reader is never forgotten: that would lift the throttle.
            var idle = _readers.Where(r => !r.Value.IsThrottled(now)).OrderBy(r => r.Value.History.LastSeen).Select(r => r.Key).FirstOrDefault();
            if (idle is not null)
            {
                _readers.Remove(idle);
            }
        }

        reader = new Reader(new ReaderHistory(Capacity()));
        _readers[userName] = reader;
        return reader;
    }

    /// <summary>Entries a reader's volume window holds: room for twice the largest daily norm plus a full search page.</summary>
    private int Capacity() => (Rules.Roles.All.Max(r => r.Limits.RecordsPerDay) * 2) + 1000;

    private readonly record struct Identity(string UserName, StaffRole? Role, string RoleCode, string WardScope);

    private static Identity Identify(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var name = user.Identity?.Name;
        if (name is null || !AuditEvent.IsCode(StaffPrefix + name))
        {
            throw new InvalidOperationException("the reading monitor needs a signed-in staff member");
        }

        var role = StaffClaims.RoleOf(user);
        var wards = string.Join(',', StaffClaims.WardsOf(user));
        return new Identity(name, role, role?.ToString() ?? "unknown", AuditEvent.IsCode(wards) ? wards : "-");
    }

    private async Task EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _loaded))
        {
            return;
        }

        await _load.WaitAsync(cancellationToken);
        try
        {
            if (!_loaded)
            {
                await ReplayAsync(cancellationToken);
                Volatile.Write(ref _loaded, true);
            }
        }
        finally
        {
            _load.Release();
        }
    }

    /// <summary>
    /// Restores the last day of reading and the recent alerts and lifts from the audit trail, in chain order. Replayed
    /// reads raise nothing (their alerts, if any, are in the trail and replayed themselves).
    /// </summary>
    private async Task ReplayAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rules = Rules;
        var alertsSince = now - (rules.AlertsRestoredFor > rules.ThrottleDuration ? rules.AlertsRestoredFor : rules.ThrottleDuration);
        var alertActions = Enum.GetValues<ReadingRule>().Select(r => r.Action()).Distinct().Append(LiftedAction).ToArray();
        var reads = await store.Store.ReadAuditSinceAsync(now - TimeSpan.FromDays(1), ReadActions, cancellationToken);
        var alerts = await store.Store.ReadAuditSinceAsync(alertsSince, alertActions, cancellationToken);
        lock (_gate)
        {
            foreach (var record in reads.Concat(alerts).OrderBy(r => r.Seq))
            {
                Replay(record, now, rules);
            }
        }
    }

    private void Replay(AuditRecord record, DateTimeOffset now, MonitoringOptions rules)
    {
        var at = DateTimeOffset.UnixEpoch.AddTicks(record.AtMicros * 10);
        if (record.Action == LiftedAction)
        {
            if (record.Purpose.StartsWith(LiftPurposePrefix, StringComparison.Ordinal))
            {
                Lift(record.Purpose[LiftPurposePrefix.Length..], record.Seq);
            }

            return;
        }

        if (!record.Actor.StartsWith(StaffPrefix, StringComparison.Ordinal))
        {
            return;
        }

        var userName = record.Actor[StaffPrefix.Length..];
        var role = StaffRoleNames.TryParse(record.Role, out var r) ? r : (StaffRole?)null;
        if (ReadActions.Contains(record.Action))
        {
            var subjects = SubjectSet.Parse(record.Subjects);
            if (record.Outcome == AuditOutcome.Success && subjects.Count is > 0 and <= 1000)
            {
                var ids = subjects.Ranges.SelectMany(x => Enumerable.Range(0, (int)(x.Last - x.First + 1)).Select(i => x.First + i)).ToArray();
                var kind = record.Action == "elector.read" ? ReadKind.Open : ReadKind.Search;
                ReaderOf(userName, now).History.Observe(new ReadObservation(at, kind, ids), rules.Roles.For(role), rules);
            }

            return;
        }

        if (ReadingRules.FromEvent(record.Action, record.Purpose) is not { } rule)
        {
            return;
        }

        var until = at + rules.ThrottleDuration;
        if (record.Outcome == AuditOutcome.Denied && until > now)
        {
            var reader = ReaderOf(userName, now);
            reader.ThrottledUntil = reader.ThrottledUntil is { } u && u > until ? u : until;
        }

        if (at >= now - rules.AlertsRestoredFor || until > now)
        {
            AddAlert(new ReadingAlert(record.Seq, userName, record.Role, rule, at, (int)Math.Min(record.ResultCount ?? 0, int.MaxValue)));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading alert {Action} ({Purpose}) raised as audit event {Seq} over {Records} people; the reader is throttled")]
    private static partial void LogAlert(ILogger logger, string action, string purpose, long seq, int records);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading throttle lifted by an auditor (audit event {Seq}, {Closed} alerts closed)")]
    private static partial void LogLifted(ILogger logger, long seq, int closed);

    public void Dispose() => _load.Dispose();

    private sealed class Reader(ReaderHistory history)
    {
        public ReaderHistory History { get; } = history;

        public DateTimeOffset? ThrottledUntil { get; set; }

        public bool IsThrottled(DateTimeOffset now) => ThrottledUntil is { } until && until > now;
    }
}

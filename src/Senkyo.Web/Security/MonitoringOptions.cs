using Senkyo.Web.Accounts;

namespace Senkyo.Web.Security;

/// <summary>
/// Thresholds of the reading monitor (閲覧監視), configuration section <c>Senkyo:Monitoring</c>
/// (docs/deployment.md). Defaults are chosen so that a clerk's ordinary day raises nothing while copying
/// the register (the ~680,000-record case) is stopped within minutes: at the 名簿担当 day limit such a copy
/// would take more than 170 days, and the monitor throttles at the first limit crossed.
/// </summary>
public sealed class MonitoringOptions
{
    public const string Section = "Senkyo:Monitoring";

    /// <summary>
    /// How long an alert throttles the reader unless a 監査担当 lifts it first. A day, so an alert raised in the
    /// evening still blocks when the auditor arrives the next morning, and the daily volume window has emptied
    /// by the time it expires.
    /// </summary>
    public TimeSpan ThrottleDuration { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Volume and breadth limits per role (below).</summary>
    public RoleReadingLimits Roles { get; set; } = new();

    /// <summary>
    /// Sequential scan: this many record opens in a row are looked at together. Twenty opens is a few minutes
    /// of a script and far more than a clerk opens for one household or one inquiry.
    /// </summary>
    public int ScanOpens { get; set; } = 20;

    /// <summary>
    /// Sequential scan: a step to the next opened person id counts as "near" when it is 1 to this many ids
    /// away. Ids are given in import order (household by household), so walking the register moves by small
    /// steps; two successive inquiries from the public land within 10 ids of each other with a chance of about
    /// 20 in the number of people (0.003 % in a city of 680,000, about 5 % in a 400-person demo).
    /// </summary>
    public int ScanMaxStep { get; set; } = 10;

    /// <summary>
    /// Sequential scan: the share of near steps (in percent of the steps between the looked-at opens) that
    /// makes a scan. 75 % is 15 of 19 steps: impossible by chance even in a small store, while a scan that
    /// skips a few ids (absent or out-of-scope people) still counts.
    /// </summary>
    public int ScanNearPercent { get; set; } = 75;

    /// <summary>Sequential scan: the opens and searches looked at together must fall within this time.</summary>
    public TimeSpan ScanWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Birth-date scan: this many searches by birth date alone are looked at together. Check-in and inquiries
    /// search by name and birth date; birth date alone is for an unreadable name, a few times a day, never ten
    /// times an hour.
    /// </summary>
    public int BirthDateScanSearches { get; set; } = 10;

    /// <summary>
    /// Birth-date scan: a step of 1 to this many days between successive birth dates is "near" (the same
    /// <see cref="ScanNearPercent"/> applies). Two days lets a scan that skips a day still count.
    /// </summary>
    public int BirthDateScanMaxStepDays { get; set; } = 2;

    /// <summary>
    /// Breadth: a search showing at least this many people is a broad one. Name plus birth date finds one to a
    /// few people; twenty or more is a list, such as a common surname in kana alone.
    /// </summary>
    public int BroadSearchMinResults { get; set; } = 20;

    /// <summary>Readers tracked at once; beyond this the longest idle reader who is not throttled is forgotten.</summary>
    public int MaxReaders { get; set; } = 2000;

    /// <summary>Open alerts kept for the 監査 screen; beyond this the oldest are dropped (they stay in the audit trail).</summary>
    public int MaxOpenAlerts { get; set; } = 1000;

    /// <summary>
    /// At start-up, alerts this recent are read back from the audit trail to the 監査 screen (and their throttles,
    /// if still running): a week, so an alert raised before a long weekend and a restart is still shown.
    /// </summary>
    public TimeSpan AlertsRestoredFor { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The first problem of these settings, or null when they are usable.</summary>
    public string? Problem()
    {
        if (ThrottleDuration <= TimeSpan.Zero || ScanWindow <= TimeSpan.Zero || AlertsRestoredFor < TimeSpan.Zero)
        {
            return "ThrottleDuration and ScanWindow must be positive, AlertsRestoredFor not negative";
        }

        if (ScanOpens < 3 || BirthDateScanSearches < 3)
        {
            return "ScanOpens and BirthDateScanSearches must be at least 3";
        }

        if (ScanMaxStep < 1 || BirthDateScanMaxStepDays < 1 || BroadSearchMinResults < 1 || MaxReaders < 1 || MaxOpenAlerts < 1)
        {
            return "ScanMaxStep, BirthDateScanMaxStepDays, BroadSearchMinResults, MaxReaders and MaxOpenAlerts must be at least 1";
        }

        if (ScanNearPercent is < 1 or > 100)
        {
            return "ScanNearPercent must be between 1 and 100";
        }

        return Roles.All.Select(r => r.Limits.Problem(r.Name)).FirstOrDefault(p => p is not null);
    }
}

/// <summary>
/// Per-role norms of reading (役割ごとの閲覧上限). Only the roles that hold ElectorRead read people through the web
/// app; <see cref="Other"/> covers any role given that right later until it gets its own row.
/// </summary>
public sealed class RoleReadingLimits
{
    /// <summary>
    /// 名簿担当 answers inquiries and corrects entries all day: a few hundred people on a busy day, with broad
    /// kana searches among them. Four thousand a day is ten times that.
    /// </summary>
    public ReadingLimits RegisterClerk { get; set; } = new() { RecordsPerHour = 1000, RecordsPerDay = 4000, BroadSearchesPerHour = 20 };

    /// <summary>選挙担当 looks people up for absentee requests and postal-voting certificates: fewer than 名簿担当.</summary>
    public ReadingLimits ElectionClerk { get; set; } = new() { RecordsPerHour = 600, RecordsPerDay = 2500, BroadSearchesPerHour = 15 };

    /// <summary>
    /// 受付 checks voters in by ticket barcode (the check-in API, not a search); a search by name and birth date is
    /// the fallback for a voter without a ticket, some tens an hour at a busy early-voting place. Often a temporary
    /// worker: the lowest limits.
    /// </summary>
    public ReadingLimits Reception { get; set; } = new() { RecordsPerHour = 200, RecordsPerDay = 1000, BroadSearchesPerHour = 5 };

    /// <summary>Any other role that reads (none by default): stricter than every row above.</summary>
    public ReadingLimits Other { get; set; } = new() { RecordsPerHour = 100, RecordsPerDay = 300, BroadSearchesPerHour = 3 };

    public ReadingLimits For(StaffRole? role) => role switch
    {
        StaffRole.RegisterClerk => RegisterClerk,
        StaffRole.ElectionClerk => ElectionClerk,
        StaffRole.Reception => Reception,
        _ => Other,
    };

    public IEnumerable<(string Name, ReadingLimits Limits)> All =>
        [(nameof(RegisterClerk), RegisterClerk), (nameof(ElectionClerk), ElectionClerk), (nameof(Reception), Reception), (nameof(Other), Other)];
}

/// <summary>One role's norm: distinct people seen per hour and per day (sliding), and broad searches per hour.</summary>
public sealed class ReadingLimits
{
    public int RecordsPerHour { get; set; }

    public int RecordsPerDay { get; set; }

    public int BroadSearchesPerHour { get; set; }

    public string? Problem(string role) =>
        RecordsPerHour < 1 || RecordsPerDay < RecordsPerHour || BroadSearchesPerHour < 1
            ? $"Roles:{role}: RecordsPerHour and BroadSearchesPerHour must be at least 1 and RecordsPerDay at least RecordsPerHour"
            : null;
}

namespace Senkyo.Domain.Register;

/// <summary>The dates of one periodic registration: as of <see cref="BaseDate"/>, entered on <see cref="RegistrationDate"/>, age judged on <see cref="AgeReferenceDate"/>.</summary>
public sealed record PeriodicRegistrationSchedule(DateOnly BaseDate, DateOnly RegistrationDate, DateOnly AgeReferenceDate, ElectionDates? OverlappingElection);

/// <summary>
/// 定時登録 (法22①②): as of the 1st of March, June, September and December (登録月の一日現在),
/// registered that day; when the 1st is a 地方公共団体の休日 the registration is on the next
/// working day — except when the 1st falls between an election's 公示・告示日 and the day before its
/// polling day, when it is registered on the 1st and age is judged as of that polling day (法22②).
/// </summary>
/// <remarks>
/// 法22① lets the commission register on the 1st itself or on the next working day; this uses the
/// next working day, the usual practice. With several elections in progress on the 1st, age is
/// judged on the latest polling day, so that no one is left off; voting eligibility checks age
/// again for each election.
/// </remarks>
public static class PeriodicRegistration
{
    public static bool IsRegistrationMonth(int month) => month is 3 or 6 or 9 or 12;

    public static PeriodicRegistrationSchedule Schedule(int year, int month, IEnumerable<ElectionDates> elections)
    {
        ArgumentNullException.ThrowIfNull(elections);
        if (!IsRegistrationMonth(month))
        {
            throw new ArgumentOutOfRangeException(nameof(month), month, "定時登録 is held in March, June, September and December (法22①).");
        }

        var baseDate = new DateOnly(year, month, 1);
        var overlapping = elections.Where(e => e.IsInElectionPeriod(baseDate)).MaxBy(e => e.PollingDay);
        return overlapping is null
            ? new PeriodicRegistrationSchedule(baseDate, Dates.LocalGovernmentHolidays.OnOrNextWorkingDay(baseDate), baseDate, null)
            : new PeriodicRegistrationSchedule(baseDate, baseDate, overlapping.PollingDay, overlapping);
    }

    public static RegistrationDecision Evaluate(PersonHistory person, PeriodicRegistrationSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return RegistrationEligibility.Evaluate(person, schedule.BaseDate, schedule.AgeReferenceDate);
    }
}

/// <summary>
/// 選挙時登録 (法22③): when an election is held, registration as of a 基準日 the commission
/// (選挙管理委員会) sets, with age judged as of polling day. The usual 基準日 — the default here — is
/// the day before the 公示・告示日; a commission may set another, which must precede polling day.
/// </summary>
public static class ElectionRegistration
{
    /// <param name="election">The election.</param>
    /// <param name="commissionBaseDate">The 基準日 the commission set; null for the day before the 公示・告示日.</param>
    public static DateOnly BaseDate(ElectionDates election, DateOnly? commissionBaseDate = null)
    {
        ArgumentNullException.ThrowIfNull(election);
        if (commissionBaseDate is { } set && set >= election.PollingDay)
        {
            throw new ArgumentOutOfRangeException(nameof(commissionBaseDate), set, "選挙時登録の基準日 must precede the polling day (法22③).");
        }

        return commissionBaseDate ?? election.AnnouncementDay.AddDays(-1);
    }

    public static RegistrationDecision Evaluate(PersonHistory person, ElectionDates election, DateOnly? commissionBaseDate = null) =>
        RegistrationEligibility.Evaluate(person, BaseDate(election, commissionBaseDate), election.PollingDay);
}

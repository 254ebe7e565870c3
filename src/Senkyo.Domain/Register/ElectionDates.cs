namespace Senkyo.Domain.Register;

/// <summary>The level of an election: decides who may vote after a move (法9②③).</summary>
public enum ElectionLevel
{
    /// <summary>国政選挙: 衆議院・参議院 (and 国民審査, 国民投票).</summary>
    National,

    /// <summary>都道府県の議会の議員及び長の選挙.</summary>
    Prefectural,

    /// <summary>市町村の議会の議員及び長の選挙 (and 住民投票).</summary>
    Municipal,
}

/// <summary>
/// The dates of one election that the register rules need: 公示日 (national) or 告示日 (local), and
/// the 選挙の期日 (polling day). Early voting (期日前投票, 法48の2) runs from the day after the
/// announcement to the day before polling day.
/// </summary>
public sealed record ElectionDates
{
    public ElectionDates(ElectionLevel level, DateOnly announcementDay, DateOnly pollingDay)
    {
        if (announcementDay >= pollingDay)
        {
            throw new ArgumentOutOfRangeException(nameof(announcementDay), announcementDay, "公示・告示日 must precede the polling day.");
        }

        Level = level;
        AnnouncementDay = announcementDay;
        PollingDay = pollingDay;
    }

    public ElectionLevel Level { get; }

    public DateOnly AnnouncementDay { get; }

    public DateOnly PollingDay { get; }

    public DateOnly FirstEarlyVotingDay => AnnouncementDay.AddDays(1);

    public DateOnly LastEarlyVotingDay => PollingDay.AddDays(-1);

    /// <summary>From 公示・告示日 to the day before polling: the window in which 法22② changes periodic registration.</summary>
    public bool IsInElectionPeriod(DateOnly date) => date >= AnnouncementDay && date < PollingDay;
}

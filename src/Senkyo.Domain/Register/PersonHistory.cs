using System.Collections.Immutable;

namespace Senkyo.Domain.Register;

/// <summary>
/// What the register needs to know of one person (住民記録・戸籍の事実), as dated facts:
/// birth, periods of Japanese nationality, periods on this municipality's 住民基本台帳, death and
/// periods without 選挙権 (公民権停止). Eligibility is a pure function of this history and a date.
/// </summary>
public sealed record PersonHistory
{
    public required DateOnly BirthDate { get; init; }

    /// <summary>Periods of Japanese nationality: from birth, or from naturalization (帰化), until lost (国籍喪失).</summary>
    public ImmutableArray<NationalityPeriod> JapaneseNationality { get; init; } = [];

    /// <summary>Periods on this municipality's 住民基本台帳, oldest first.</summary>
    public ImmutableArray<ResidencePeriod> Residences { get; init; } = [];

    public DateOnly? DeathDate { get; init; }

    /// <summary>Periods without 選挙権 under 法11① or 法252 (or 政治資金規正法28).</summary>
    public ImmutableArray<DisqualificationPeriod> Disqualifications { get; init; } = [];

    /// <summary>A Japanese national from birth, resident here from <paramref name="residentSince"/>.</summary>
    public static PersonHistory JapaneseResident(DateOnly birthDate, DateOnly residentSince) => new()
    {
        BirthDate = birthDate,
        JapaneseNationality = [NationalityPeriod.FromBirth(birthDate)],
        Residences = [new ResidencePeriod(residentSince)],
    };

    /// <summary>Alive for the whole of <paramref name="date"/>: a death on that day counts as dead.</summary>
    public bool IsAliveOn(DateOnly date) => DeathDate is null || date < DeathDate.Value;

    // Plain loops below, not LINQ with a lambda: these are asked for every resident of a city at every import and
    // registration run (millions of times), and a lambda capturing the date is an allocation per call.
    public bool IsJapaneseNationalOn(DateOnly date)
    {
        foreach (var p in JapaneseNationality)
        {
            if (p.Contains(date))
            {
                return true;
            }
        }

        return false;
    }

    public bool IsDisqualifiedOn(DateOnly date)
    {
        foreach (var p in Disqualifications)
        {
            if (p.Contains(date))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The residence period covering <paramref name="date"/>, if the person lives here that day.</summary>
    public ResidencePeriod? ResidenceOn(DateOnly date)
    {
        for (var i = Residences.Length - 1; i >= 0; i--)
        {
            if (Residences[i].Contains(date))
            {
                return Residences[i];
            }
        }

        return null;
    }

    /// <summary>The last residence period that ended before <paramref name="date"/>.</summary>
    public ResidencePeriod? LastResidenceEndedBefore(DateOnly date)
    {
        for (var i = Residences.Length - 1; i >= 0; i--)
        {
            if (Residences[i].MovedOutOn is { } movedOut && movedOut < date)
            {
                return Residences[i];
            }
        }

        return null;
    }

    /// <summary>
    /// The move-out that still governs <paramref name="date"/>: the last move-out when the person
    /// lives elsewhere that day, or — for one who moved out and came back (A市→B市→A市) — the
    /// move-out before the current residence while that residence has not yet completed its
    /// 引き続き三箇月 (法9②, 法21①). Null when the person has lived here without a break long enough.
    /// </summary>
    public ResidencePeriod? GoverningMoveOut(DateOnly date)
    {
        if (ResidenceOn(date) is not { } current)
        {
            return LastResidenceEndedBefore(date);
        }

        return current.ThreeMonthsCompleteOn > date ? LastResidenceEndedBefore(current.ResidentSince) : null;
    }
}

/// <summary>A period of Japanese nationality (日本国籍): <see cref="From"/> inclusive, <see cref="LostOn"/> the first day without it.</summary>
public sealed record NationalityPeriod(DateOnly From, DateOnly? LostOn = null)
{
    public static NationalityPeriod FromBirth(DateOnly birthDate) => new(birthDate);

    /// <summary>帰化: a national from the day the naturalization takes effect (官報告示の日).</summary>
    public static NationalityPeriod Naturalized(DateOnly effectiveOn) => new(effectiveOn);

    public bool Contains(DateOnly date) => date >= From && (LostOn is null || date < LostOn.Value);
}

/// <summary>Where a person went when leaving the municipality: decides prefectural voting (法9③).</summary>
public enum MoveDestination
{
    /// <summary>Another municipality of the same prefecture (県内転出).</summary>
    SamePrefecture,

    /// <summary>Another prefecture (県外転出), or not known.</summary>
    OtherPrefecture,

    /// <summary>Abroad (国外転出); such electors may move to the 在外選挙人名簿 (法30の2〜).</summary>
    Abroad,
}

/// <summary>
/// A continuous period on this municipality's 住民基本台帳. <see cref="ResidentSince"/> is the 住定日:
/// the day the 住民票 was created, or for a move-in from another municipality the day the 転入届 was
/// filed (法21①). <see cref="MovedOutOn"/> is the day the person ceased to have an address here
/// (住所を有しなくなつた日, the 転出日).
/// </summary>
/// <remarks>
/// The move-out day itself still counts as a day of residence: the person leaves during it. The
/// four months after it (法21②, 法28) therefore start the next day (民法140 初日不算入).
/// <see cref="ArrivedFrom"/> is where a 転入 came from (the 前住所 on the 転入届); null when the
/// period began by birth or the origin is not recorded. It matters for a returner (A市→B市→A市):
/// the prefectural vote survives only if every move stayed in the prefecture (法9③).
/// </remarks>
public sealed record ResidencePeriod
{
    public ResidencePeriod(DateOnly residentSince, DateOnly? movedOutOn = null, MoveDestination destination = MoveDestination.OtherPrefecture, MoveDestination? arrivedFrom = null)
    {
        if (movedOutOn < residentSince)
        {
            throw new ArgumentOutOfRangeException(nameof(movedOutOn), movedOutOn, "A move-out cannot precede the 住定日.");
        }

        ResidentSince = residentSince;
        MovedOutOn = movedOutOn;
        Destination = destination;
        ArrivedFrom = arrivedFrom;
    }

    /// <summary>Where the 転入 came from; null for a period begun by birth or with no recorded origin.</summary>
    public MoveDestination? ArrivedFrom { get; }

    public DateOnly ResidentSince { get; }

    public DateOnly? MovedOutOn { get; }

    public MoveDestination Destination { get; }

    public bool Contains(DateOnly date) => date >= ResidentSince && (MovedOutOn is null || date <= MovedOutOn.Value);

    /// <summary>
    /// The day on which 引き続き三箇月以上 is met (法21①): the last day of three months counted from
    /// the day after the 住定日 (民法140, 143). 住定日 6月1日 → 9月1日.
    /// </summary>
    public DateOnly ThreeMonthsCompleteOn => Dates.LegalPeriod.LastDayOfMonthsAfter(ResidentSince, 3);

    /// <summary>The last day before 四箇月を経過 after the move-out (法21②, 法28): 転出 3月15日 → 7月15日.</summary>
    public DateOnly? LastDayWithinFourMonthsOfMoveOut =>
        MovedOutOn is { } movedOut ? Dates.LegalPeriod.LastDayOfMonthsAfter(movedOut, 4) : null;
}

/// <summary>Why a person has no 選挙権 for a period (失権).</summary>
public enum DisqualificationBasis
{
    /// <summary>法11①: 禁錮以上の刑 etc.</summary>
    Article11,

    /// <summary>法252: 選挙犯罪による処刑者 (公民権停止).</summary>
    Article252,

    /// <summary>政治資金規正法28.</summary>
    PoliticalFundsControlAct28,
}

/// <summary>A period without 選挙権 (公民権停止, 法11①・法252): <see cref="From"/> inclusive, <see cref="RestoredOn"/> the first day with it again.</summary>
public sealed record DisqualificationPeriod(DateOnly From, DateOnly? RestoredOn, DisqualificationBasis Basis)
{
    public bool Contains(DateOnly date) => date >= From && (RestoredOn is null || date < RestoredOn.Value);
}

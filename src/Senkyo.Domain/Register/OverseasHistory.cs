using System.Collections.Immutable;

namespace Senkyo.Domain.Register;

/// <summary>
/// 国外の住所: a continuous period with an address abroad in one 領事官の管轄区域 (the consular jurisdiction for
/// 在外選挙人名簿 matters, 法30の4①). A move to another jurisdiction starts a new period.
/// <see cref="LeftOn"/> is the last day of the address there, as <see cref="ResidencePeriod.MovedOutOn"/>.
/// </summary>
public sealed record AddressAbroad
{
    public AddressAbroad(string consularJurisdiction, DateOnly since, DateOnly? leftOn = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(consularJurisdiction);
        if (leftOn < since)
        {
            throw new ArgumentOutOfRangeException(nameof(leftOn), leftOn, "Leaving cannot precede the day the address was set up.");
        }

        ConsularJurisdiction = consularJurisdiction;
        Since = since;
        LeftOn = leftOn;
    }

    /// <summary>The 領事官 (embassy or consulate) whose jurisdiction holds the address, e.g. "在ロサンゼルス総領事館".</summary>
    public string ConsularJurisdiction { get; }

    public DateOnly Since { get; }

    public DateOnly? LeftOn { get; }

    public bool Contains(DateOnly date) => date >= Since && (LeftOn is null || date <= LeftOn.Value);

    /// <summary>引き続き三箇月以上 in the jurisdiction is met on this day (法30の4①; 民法140・143, as 法21①).</summary>
    public DateOnly ThreeMonthsCompleteOn => Dates.LegalPeriod.LastDayOfMonthsAfter(Since, 3);
}

/// <summary>
/// A period with an address in a Japanese municipality, as the 戸籍の附票 records it (住所を定めた年月日): any
/// municipality, unlike <see cref="PersonHistory.Residences"/>, which holds this municipality's only.
/// </summary>
/// <param name="Municipality">全国地方公共団体コード.</param>
/// <param name="Since">住所を定めた年月日 (the 住定日).</param>
/// <param name="LeftOn">The last day of the address (the 転出日), or null while it lasts.</param>
/// <param name="LeftFor">Where the person went; <see cref="MoveDestination.Abroad"/> makes this the 最終住所 (法30の3①).</param>
public sealed record DomesticAddress(string Municipality, DateOnly Since, DateOnly? LeftOn = null, MoveDestination LeftFor = MoveDestination.OtherPrefecture)
{
    public bool Contains(DateOnly date) => date >= Since && (LeftOn is null || date <= LeftOn.Value);

    /// <summary>The last day before 四箇月を経過 counted from <see cref="Since"/> (法30の11①二).</summary>
    public DateOnly LastDayWithinFourMonths => Dates.LegalPeriod.LastDayOfMonthsAfter(Since, 4);
}

/// <summary>
/// What the 在外選挙人名簿 needs beyond <see cref="PersonHistory"/> (birth, nationality, death, 失権): the 本籍地,
/// every domestic address the 戸籍の附票 shows, and the addresses abroad by consular jurisdiction.
/// </summary>
public sealed record OverseasHistory
{
    /// <summary>全国地方公共団体コード of the 本籍地 (at the time of the application).</summary>
    public required string RegisteredDomicile { get; init; }

    /// <summary>Domestic addresses in any municipality, oldest first.</summary>
    public ImmutableArray<DomesticAddress> DomesticAddresses { get; init; } = [];

    /// <summary>Addresses abroad, oldest first.</summary>
    public ImmutableArray<AddressAbroad> AddressesAbroad { get; init; } = [];

    public AddressAbroad? AddressAbroadOn(DateOnly date) => AddressesAbroad.LastOrDefault(a => a.Contains(date));

    public DomesticAddress? DomesticAddressOn(DateOnly date) => DomesticAddresses.LastOrDefault(a => a.Contains(date));

    /// <summary>最終住所 (法30の3①): the domestic address held just before the last move abroad that ended on or before <paramref name="date"/>.</summary>
    public DomesticAddress? LastAddressBeforeGoingAbroad(DateOnly date) =>
        DomesticAddresses.LastOrDefault(a => a.LeftFor == MoveDestination.Abroad && a.LeftOn is { } left && left <= date);
}

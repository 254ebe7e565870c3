using System.Collections.Immutable;

namespace Senkyo.Domain.Register;

/// <summary>How an application for the 在外選挙人名簿 was made (法30の5). Entry is on application only: never ex officio.</summary>
public enum OverseasApplicationRoute
{
    /// <summary>
    /// 在外公館申請 (法30の5①②): filed abroad with the 領事官 (embassy or consulate) who has the applicant's
    /// address in its jurisdiction; leads to 在外選挙人名簿の登録 (法30の4①, 法30の6①).
    /// </summary>
    AtConsulate = 1,

    /// <summary>
    /// 出国時申請 (法30の5④, from 平成30年6月1日, 平成28年法律第94号): filed at the municipality's commission between
    /// the 国外転出届 and the 転出予定日; leads to 在外選挙人名簿への登録の移転 (法30の4②, 法30の6②), which takes the
    /// entry off the 選挙人名簿 and puts it on the 在外選挙人名簿 at once.
    /// </summary>
    AtDeparture = 2,
}

/// <summary>Why an entry on the 在外選挙人名簿 was deleted (抹消事由, 法30の11①).</summary>
public enum OverseasDeletionReason
{
    /// <summary>死亡 (法30の11①一).</summary>
    Death = 1,

    /// <summary>国籍喪失 (法30の11①一).</summary>
    NationalityLost = 2,

    /// <summary>
    /// 国内転入4か月経過 (法30の11①二): marked because the elector set up an address in Japan, and 4 months have
    /// passed since the day the 戸籍の附票 records for it.
    /// </summary>
    FourMonthsAfterDomesticAddress = 3,

    /// <summary>
    /// 誤載 (法30の11①三, with 告示): should not have been entered or transferred. A second entry of one person
    /// (二重登録) is this case too: 法30の4 only enters one "在外選挙人名簿に登録されていない".
    /// </summary>
    WronglyEntered = 4,
}

/// <summary>Why an entry on the 在外選挙人名簿 is marked (表示, 法30の10①).</summary>
public enum OverseasMarkReason
{
    /// <summary>国内転入: the elector set up an address in a Japanese municipality (a 住民票 was made, 法30の13 notifies it).</summary>
    DomesticAddress = 1,

    /// <summary>失権: lost 選挙権 under 法11① or 法252 (as 法27① for the 選挙人名簿; 法30の10① text not retrieved — verify).</summary>
    LostVotingRight = 2,
}

/// <summary>A 表示 on an overseas entry, removed (<see cref="ClearedOn"/>) when the elector qualifies again.</summary>
public sealed record OverseasRegisterMark(DateOnly MarkedOn, OverseasMarkReason Reason, DateOnly? ClearedOn = null)
{
    public bool IsActiveOn(DateOnly date) => date >= MarkedOn && (ClearedOn is null || date < ClearedOn.Value);
}

/// <summary>A 抹消 of an overseas entry, effective from <see cref="DeletedOn"/> (法30の11①).</summary>
public sealed record OverseasRegisterDeletion(DateOnly DeletedOn, OverseasDeletionReason Reason);

/// <summary>
/// 在外選挙人証 (法30の6④⑤): the certificate of being on the 在外選挙人名簿, issued by the registering commission
/// when it enters or transfers the elector. It goes out through the 領事官 who forwarded the application (④) or, after
/// a 出国時申請, through the 領事官 who has the elector's address abroad in its jurisdiction (⑤). The elector shows
/// it to vote (在外投票 法49の2, and in Japan at the polling place).
/// </summary>
/// <param name="Municipality">全国地方公共団体コード of the registering municipality.</param>
/// <param name="IssuedOn">The day of entry or transfer.</param>
/// <param name="Route">How the application was made; decides the consul it goes through.</param>
public sealed record OverseasElectorCard(string Municipality, DateOnly IssuedOn, OverseasApplicationRoute Route)
{
    public string DeliveredThrough => Route == OverseasApplicationRoute.AtConsulate
        ? "申請書を送付した領事官を経由して交付（法30の6④）"
        : "国外の住所を管轄する領事官を経由して交付（法30の6⑤）";
}

/// <summary>
/// One elector's entry on a municipality's 在外選挙人名簿 (法30の2, 法30の3): one register for 衆議院 and 参議院
/// elections, kept permanently. When and how entered, its 表示 (法30の10①) and its 抹消 (法30の11①).
/// Immutable: each change returns a new record. <see cref="ElectorStatus"/> codes are shared with the 選挙人名簿.
/// </summary>
/// <param name="Municipality">全国地方公共団体コード of the commission that keeps the entry (最終住所地 or 本籍地, 法30の5①).</param>
/// <param name="RegisteredOn">The day of 登録 (法30の6①) or 登録の移転 (法30の6②).</param>
/// <param name="Route">出国時申請 or 在外公館申請.</param>
public sealed record OverseasRegisterRecord(string Municipality, DateOnly RegisteredOn, OverseasApplicationRoute Route)
{
    public ImmutableArray<OverseasRegisterMark> Marks { get; init; } = [];

    public OverseasRegisterDeletion? Deletion { get; init; }

    public OverseasElectorCard Card => new(Municipality, RegisteredOn, Route);

    public OverseasRegisterRecord Mark(DateOnly on, OverseasMarkReason reason) => this with { Marks = Marks.Add(new OverseasRegisterMark(on, reason)) };

    public OverseasRegisterRecord ClearMark(OverseasMarkReason reason, DateOnly on)
    {
        var active = Marks.LastOrDefault(m => m.Reason == reason && m.ClearedOn is null)
            ?? throw new InvalidOperationException($"No active {reason} mark to clear.");
        return this with { Marks = Marks.Replace(active, active with { ClearedOn = on }) };
    }

    public OverseasRegisterRecord Delete(DateOnly on, OverseasDeletionReason reason) =>
        Deletion is null ? this with { Deletion = new OverseasRegisterDeletion(on, reason) } : throw new InvalidOperationException("The entry is already deleted.");

    public OverseasRegisterMark? ActiveMark(DateOnly date, OverseasMarkReason reason) => Marks.LastOrDefault(m => m.Reason == reason && m.IsActiveOn(date));

    /// <summary>The 資格区分 on <paramref name="date"/>: a lost right outranks a domestic-address mark.</summary>
    public ElectorStatus StatusOn(DateOnly date)
    {
        if (Deletion is { } deletion && date >= deletion.DeletedOn)
        {
            return ElectorStatus.Deleted;
        }

        if (date < RegisteredOn)
        {
            return ElectorStatus.None;
        }

        if (ActiveMark(date, OverseasMarkReason.LostVotingRight) is not null)
        {
            return ElectorStatus.Disqualified;
        }

        return ActiveMark(date, OverseasMarkReason.DomesticAddress) is not null ? ElectorStatus.Marked : ElectorStatus.Elector;
    }
}

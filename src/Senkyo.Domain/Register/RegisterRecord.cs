using System.Collections.Immutable;

namespace Senkyo.Domain.Register;

/// <summary>An elector's state on the 選挙人名簿 on a given day (資格区分; codes as in common municipal systems).</summary>
public enum ElectorStatus
{
    /// <summary>0 — not on the register.</summary>
    None = 0,

    /// <summary>1 — 選挙人: registered, no mark.</summary>
    Elector = 1,

    /// <summary>2 — 表示: registered and marked as moved out (法27①).</summary>
    Marked = 2,

    /// <summary>3 — 抹消 (法28).</summary>
    Deleted = 3,

    /// <summary>4 — 失権: registered and marked as having lost 選挙権 (法27①, 法11・法252).</summary>
    Disqualified = 4,
}

/// <summary>Why a person was registered (登録事由).</summary>
public enum RegistrationReason
{
    /// <summary>11 — 年齢到達: came of age while resident 3 months.</summary>
    CameOfAge = 11,

    /// <summary>12 — 転入3か月: three months after the 住定日.</summary>
    ThreeMonthsAfterMoveIn = 12,
}

/// <summary>Why an entry was deleted (抹消事由, 法28).</summary>
public enum DeletionReason
{
    /// <summary>01 — 死亡 (法28一).</summary>
    Death = 1,

    /// <summary>02 — 国籍喪失 (法28一).</summary>
    NationalityLost = 2,

    /// <summary>03 — 転出4か月経過 (法28二).</summary>
    FourMonthsAfterMoveOut = 3,

    /// <summary>04 — 誤載: should not have been registered (法28三).</summary>
    WronglyEntered = 4,

    /// <summary>05 — 二重登録.</summary>
    DoubleRegistration = 5,

    /// <summary>06 — 在外選挙人名簿への登録の移転: a 出国時申請 moved the entry to the 在外選挙人名簿 (法28; 在外選挙人名簿 法30の2〜).</summary>
    TransferredToOverseasRegister = 6,
}

/// <summary>Why an entry is marked (表示事由, 法27①).</summary>
public enum MarkReason
{
    /// <summary>転出: no longer has an address in the municipality.</summary>
    MovedOut = 1,

    /// <summary>失権: lost 選挙権 under 法11① or 法252.</summary>
    LostVotingRight = 2,
}

/// <summary>A 表示 (mark) on an entry, removed at once (<see cref="ClearedOn"/>) when the person qualifies again (令16).</summary>
public sealed record RegisterMark(DateOnly MarkedOn, MarkReason Reason, DateOnly? ClearedOn = null)
{
    public bool IsActiveOn(DateOnly date) => date >= MarkedOn && (ClearedOn is null || date < ClearedOn.Value);
}

/// <summary>A 抹消 (deletion) of an entry, effective from <see cref="DeletedOn"/>.</summary>
public sealed record RegisterDeletion(DateOnly DeletedOn, DeletionReason Reason);

/// <summary>
/// One person's entry on this municipality's 選挙人名簿 (法19, 法20): when and why registered, its
/// 表示 (marks, 法27・令16) and its 抹消 (法28). Immutable: each change returns a new record.
/// </summary>
public sealed record RegisterRecord(DateOnly RegisteredOn, RegistrationReason Reason)
{
    public ImmutableArray<RegisterMark> Marks { get; init; } = [];

    public RegisterDeletion? Deletion { get; init; }

    public RegisterRecord Mark(DateOnly on, MarkReason reason) => this with { Marks = Marks.Add(new RegisterMark(on, reason)) };

    /// <summary>令16: the mark is removed at once when the person qualifies again.</summary>
    public RegisterRecord ClearMark(MarkReason reason, DateOnly on)
    {
        var active = Marks.LastOrDefault(m => m.Reason == reason && m.ClearedOn is null)
            ?? throw new InvalidOperationException($"No active {reason} mark to clear.");
        return this with { Marks = Marks.Replace(active, active with { ClearedOn = on }) };
    }

    public RegisterRecord Delete(DateOnly on, DeletionReason reason) =>
        Deletion is null ? this with { Deletion = new RegisterDeletion(on, reason) } : throw new InvalidOperationException("The entry is already deleted.");

    public RegisterMark? ActiveMark(DateOnly date, MarkReason reason) => Marks.LastOrDefault(m => m.Reason == reason && m.IsActiveOn(date));

    /// <summary>The 資格区分 on <paramref name="date"/>; a lost right outranks a move-out mark.</summary>
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

        if (ActiveMark(date, MarkReason.LostVotingRight) is not null)
        {
            return ElectorStatus.Disqualified;
        }

        return ActiveMark(date, MarkReason.MovedOut) is not null ? ElectorStatus.Marked : ElectorStatus.Elector;
    }
}

using Senkyo.Synthetic.Residents;

namespace Senkyo.Synthetic.Changes;

/// <summary>
/// Kinds of 異動 (change) the resident registry reports to the election commission
/// (docs/formats/change-file.md). Each changes what the register must do: a move-out marks
/// (表示, 法27), a death or loss of nationality deletes (抹消, 法28), a move within the city
/// changes the voting district, a move-in starts the 3-month clock (法21①).
/// </summary>
public static class ChangeKind
{
    /// <summary>転入: a household arrives from another municipality.</summary>
    public const string MoveIn = "move_in";

    /// <summary>転出: a household leaves for another municipality.</summary>
    public const string MoveOut = "move_out";

    /// <summary>転居: a move within the city (the voting district may change).</summary>
    public const string MoveWithin = "move_within";

    /// <summary>死亡.</summary>
    public const string Death = "death";

    /// <summary>出生.</summary>
    public const string Birth = "birth";

    /// <summary>氏名の変更 (on marriage: 婚姻による氏の変更).</summary>
    public const string NameChange = "name_change";

    /// <summary>国籍取得・帰化: becomes a Japanese national.</summary>
    public const string NationalityGained = "nationality_gained";

    /// <summary>国籍喪失: ceases to be a Japanese national.</summary>
    public const string NationalityLost = "nationality_lost";

    public static IReadOnlyList<string> All { get; } = [MoveIn, MoveOut, MoveWithin, Death, Birth, NameChange, NationalityGained, NationalityLost];
}

/// <summary>
/// One line of a change file: the event, its dates, and the resident's record after it (before
/// it, for a move-out or a death), plus where a leaving household goes.
/// </summary>
/// <param name="EventDate">When it happened (for a move-out: the planned moving day, which may follow the filing).</param>
/// <param name="FilingDate">届出日: when the registry recorded it; the file is in filing order.</param>
public sealed record ChangeEvent(
    long EventId,
    string Kind,
    DateOnly EventDate,
    DateOnly FilingDate,
    SyntheticResident Resident,
    string DestinationPrefecture,
    string DestinationAddress);

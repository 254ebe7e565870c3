namespace Senkyo.Domain.Register;

/// <summary>A change an overseas entry owes on a given day: 表示 (法30の10①), 表示の消除, or 抹消 (法30の11①).</summary>
public abstract record OverseasRegisterChange(DateOnly EffectiveOn)
{
    public abstract OverseasRegisterRecord ApplyTo(OverseasRegisterRecord entry);
}

/// <summary>表示 to make (法30の10①).</summary>
public sealed record OverseasMarkChange(DateOnly EffectiveOn, OverseasMarkReason Reason) : OverseasRegisterChange(EffectiveOn)
{
    public override OverseasRegisterRecord ApplyTo(OverseasRegisterRecord entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Mark(EffectiveOn, Reason);
    }
}

/// <summary>表示の消除 to make: the 失権 has ended, or a returner went straight back abroad within the 4 months.</summary>
public sealed record OverseasClearMarkChange(DateOnly EffectiveOn, OverseasMarkReason Reason) : OverseasRegisterChange(EffectiveOn)
{
    public override OverseasRegisterRecord ApplyTo(OverseasRegisterRecord entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.ClearMark(Reason, EffectiveOn);
    }
}

/// <summary>抹消 to make (法30の11①).</summary>
public sealed record OverseasDeleteChange(DateOnly EffectiveOn, OverseasDeletionReason Reason) : OverseasRegisterChange(EffectiveOn)
{
    public override OverseasRegisterRecord ApplyTo(OverseasRegisterRecord entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Delete(EffectiveOn, Reason);
    }
}

/// <summary>
/// 在外選挙人名簿の整理: which change an overseas entry owes as of a day, from the person's history. 死亡・国籍喪失
/// → 抹消 (法30の11①一). A 住民票 made in Japan (住所を定めた, notified under 法30の13) → 表示 (法30の10①), and
/// 抹消 once 4 months have passed after the day the 戸籍の附票 records (法30の11①二). 失権 → 表示, cleared when the
/// right returns.
/// </summary>
/// <remarks>
/// Since 平成30年6月1日 an elector who comes back to the very municipality that keeps the entry and leaves from it
/// straight abroad within the 4 months keeps the entry: the mark is cleared the day after the move-out (外務省・
/// 市区町村 guidance; the clause of 法30の10/30の11 was not retrieved — verify). Moving on to another municipality
/// in Japan does not save it. 誤載 (法30の11①三, with 告示) needs facts outside the history: the clerk decides it.
/// </remarks>
public static class OverseasRegisterMaintenance
{
    public static OverseasRegisterChange? Due(PersonHistory person, OverseasHistory history, OverseasRegisterRecord entry, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Deletion is not null || asOf < entry.RegisteredOn)
        {
            return null;
        }

        if (MaintenanceFacts.Loss(person, asOf) is { } loss)
        {
            return new OverseasDeleteChange(loss.On, loss.Death ? OverseasDeletionReason.Death : OverseasDeletionReason.NationalityLost);
        }

        if (Returned(history, entry, asOf) is { } returnChange)
        {
            return returnChange;
        }

        return MaintenanceFacts.DisqualificationMark(person, entry.ActiveMark(asOf, OverseasMarkReason.LostVotingRight) is not null, asOf) switch
        {
            null => null,
            { Clear: true } due => new OverseasClearMarkChange(due.On, OverseasMarkReason.LostVotingRight),
            { } due => new OverseasMarkChange(due.On, OverseasMarkReason.LostVotingRight),
        };
    }

    /// <summary>
    /// The first domestic address set up after the entry, if any, decides: 表示 from its 住定日; 抹消 the day after
    /// its 4 months; or, for one who left this municipality straight abroad within them, the mark cleared.
    /// </summary>
    private static OverseasRegisterChange? Returned(OverseasHistory history, OverseasRegisterRecord entry, DateOnly asOf)
    {
        var mark = entry.ActiveMark(asOf, OverseasMarkReason.DomesticAddress);
        var clearedBefore = entry.Marks.Where(m => m.Reason == OverseasMarkReason.DomesticAddress && m.ClearedOn is not null).Select(m => m.ClearedOn!.Value).DefaultIfEmpty(entry.RegisteredOn).Max();
        if (history.DomesticAddresses.FirstOrDefault(a => a.Since >= clearedBefore && a.Since > entry.RegisteredOn && a.Since <= asOf) is not { } back)
        {
            return null;
        }

        var lastDay = back.LastDayWithinFourMonths;
        var leftStraightAbroad = back.LeftOn is { } left && left <= lastDay && back.LeftFor == MoveDestination.Abroad
            && string.Equals(back.Municipality, entry.Municipality, StringComparison.Ordinal);
        if (leftStraightAbroad && back.LeftOn!.Value < asOf)
        {
            return mark is null ? null : new OverseasClearMarkChange(back.LeftOn.Value.AddDays(1), OverseasMarkReason.DomesticAddress);
        }

        if (asOf > lastDay)
        {
            return new OverseasDeleteChange(lastDay.AddDays(1), OverseasDeletionReason.FourMonthsAfterDomesticAddress);
        }

        return mark is null ? new OverseasMarkChange(back.Since, OverseasMarkReason.DomesticAddress) : null;
    }
}

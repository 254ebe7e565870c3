namespace Senkyo.Domain.Register;

/// <summary>A change the register owes an entry on a given day.</summary>
public abstract record RegisterChange(DateOnly EffectiveOn)
{
    /// <summary>Apply the change to the entry.</summary>
    public abstract RegisterRecord ApplyTo(RegisterRecord entry);
}

/// <summary>表示 to make (法27①).</summary>
public sealed record MarkChange(DateOnly EffectiveOn, MarkReason Reason) : RegisterChange(EffectiveOn)
{
    public override RegisterRecord ApplyTo(RegisterRecord entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Mark(EffectiveOn, Reason);
    }
}

/// <summary>表示の消除 to make (令16).</summary>
public sealed record ClearMarkChange(DateOnly EffectiveOn, MarkReason Reason) : RegisterChange(EffectiveOn)
{
    public override RegisterRecord ApplyTo(RegisterRecord entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.ClearMark(Reason, EffectiveOn);
    }
}

/// <summary>抹消 to make (法28).</summary>
public sealed record DeleteChange(DateOnly EffectiveOn, DeletionReason Reason) : RegisterChange(EffectiveOn)
{
    public override RegisterRecord ApplyTo(RegisterRecord entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Delete(EffectiveOn, Reason);
    }
}

/// <summary>
/// 名簿の整理: which 表示, 表示の消除 or 抹消 an existing entry owes as of a day, from the person's
/// history. 死亡・国籍喪失 → 抹消 (法28一); 転出 → 表示 (法27①), then 抹消 once 4 months have
/// passed (法28二); 失権 → 表示 (法27①); a 失権 mark is removed at once when 選挙権 returns (令16).
/// </summary>
/// <remarks>
/// Deletion for 誤載 (04), 二重登録 (05) and 在外選挙人名簿への登録の移転 (06) needs facts outside
/// one person's history and is made by the clerk. A person who moves back keeps the move-out mark
/// until the new residence completes 3 months; then the mark is cleared (令16), unless the 4 months
/// of 法28 ran out first (see <see cref="Returned"/>).
/// </remarks>
public static class RegisterMaintenance
{
    public static RegisterChange? Due(PersonHistory person, RegisterRecord entry, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Deletion is not null || asOf < entry.RegisteredOn)
        {
            return null;
        }

        if (MaintenanceFacts.Loss(person, asOf) is { } loss)
        {
            return new DeleteChange(loss.On, loss.Death ? DeletionReason.Death : DeletionReason.NationalityLost);
        }

        var current = person.ResidenceOn(asOf);
        if (current is null && person.LastResidenceEndedBefore(asOf) is { } previous)
        {
            var lastDay = previous.LastDayWithinFourMonthsOfMoveOut!.Value;
            if (asOf > lastDay)
            {
                return new DeleteChange(lastDay.AddDays(1), DeletionReason.FourMonthsAfterMoveOut);
            }

            if (entry.ActiveMark(asOf, MarkReason.MovedOut) is null)
            {
                return new MarkChange(previous.MovedOutOn!.Value.AddDays(1), MarkReason.MovedOut);
            }
        }

        if (current is not null && Returned(person, entry, current, asOf) is { } returnerChange)
        {
            return returnerChange;
        }

        return MaintenanceFacts.DisqualificationMark(person, entry.ActiveMark(asOf, MarkReason.LostVotingRight) is not null, asOf) switch
        {
            null => null,
            { Clear: true } due => new ClearMarkChange(due.On, MarkReason.LostVotingRight),
            { } due => new MarkChange(due.On, MarkReason.LostVotingRight),
        };
    }

    /// <summary>
    /// A returner (A市→B市→A市) on an entry made before they qualified again: the move-out mark
    /// stays until the new residence completes 引き続き三箇月 and is then cleared at once (令16);
    /// if the 4 months after the move-out pass first, 法28 deletes the entry and the person is
    /// registered anew later. When both fall on the same day the clear wins: that day the person
    /// qualifies under 法21①, and deleting a qualified elector would drop them from the register.
    /// </summary>
    private static RegisterChange? Returned(PersonHistory person, RegisterRecord entry, ResidencePeriod current, DateOnly asOf)
    {
        var requalifiedOn = current.ThreeMonthsCompleteOn;
        if (entry.RegisteredOn >= requalifiedOn || person.LastResidenceEndedBefore(current.ResidentSince) is not { } moveOut)
        {
            return null;
        }

        var deletedOn = moveOut.LastDayWithinFourMonthsOfMoveOut!.Value.AddDays(1);
        if (deletedOn <= asOf && deletedOn < requalifiedOn)
        {
            return new DeleteChange(deletedOn, DeletionReason.FourMonthsAfterMoveOut);
        }

        var mark = entry.ActiveMark(asOf, MarkReason.MovedOut);
        if (requalifiedOn <= asOf)
        {
            return mark is null ? null : new ClearMarkChange(requalifiedOn, MarkReason.MovedOut);
        }

        return mark is null ? new MarkChange(moveOut.MovedOutOn!.Value.AddDays(1), MarkReason.MovedOut) : null;
    }
}

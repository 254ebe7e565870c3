namespace Senkyo.Domain.Register;

/// <summary>死亡 or 国籍喪失 by the day asked: the entry is to be deleted from <see cref="On"/>.</summary>
/// <param name="On">The day of death, or the day Japanese nationality was lost.</param>
/// <param name="Death">Death rather than loss of nationality.</param>
internal sealed record LossOfStanding(DateOnly On, bool Death);

/// <summary>The 失権 mark an entry owes: made from <see cref="On"/>, or cleared on it when <see cref="Clear"/>.</summary>
internal sealed record DisqualificationMarkDue(DateOnly On, bool Clear);

/// <summary>
/// 名簿の整理 facts that come from the person alone and are the same for the 選挙人名簿 and the 在外選挙人名簿:
/// 死亡・国籍喪失 → 抹消 (法28一, 法30の11①一); 失権 → 表示 (法27①, 法30の10①), cleared at once when the right
/// returns (令16). <see cref="RegisterMaintenance"/> and <see cref="OverseasRegisterMaintenance"/> turn them into
/// their own register's changes.
/// </summary>
internal static class MaintenanceFacts
{
    public static LossOfStanding? Loss(PersonHistory person, DateOnly asOf)
    {
        if (person.DeathDate is { } death && death <= asOf)
        {
            return new LossOfStanding(death, Death: true);
        }

        if (!person.IsJapaneseNationalOn(asOf))
        {
            var lost = person.JapaneseNationality.Select(p => p.LostOn).Where(d => d is not null && d <= asOf).Max();
            return new LossOfStanding(lost ?? asOf, Death: false);
        }

        return null;
    }

    /// <param name="person">The person's history.</param>
    /// <param name="marked">Whether the entry carries an active 失権 mark on <paramref name="asOf"/>.</param>
    /// <param name="asOf">The day of the maintenance.</param>
    public static DisqualificationMarkDue? DisqualificationMark(PersonHistory person, bool marked, DateOnly asOf)
    {
        var disqualified = person.IsDisqualifiedOn(asOf);
        if (disqualified && !marked)
        {
            return new DisqualificationMarkDue(person.Disqualifications.Last(d => d.Contains(asOf)).From, Clear: false);
        }

        return !disqualified && marked ? new DisqualificationMarkDue(asOf, Clear: true) : null;
    }
}

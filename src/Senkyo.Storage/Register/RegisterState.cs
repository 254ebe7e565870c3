using System.Data.Common;
using Senkyo.Domain.Register;

namespace Senkyo.Storage.Register;

/// <summary>
/// The plaintext register columns of one person row (codes and dates only) plus the identity ciphertext, as read
/// for a register change. Turns them into the domain's <see cref="PersonHistory"/> and <see cref="RegisterRecord"/>
/// so every rule is judged by Senkyo.Domain.Register, and back into columns.
/// </summary>
internal sealed record RegisterState(
    long Id,
    string WardCode,
    string? District,
    int Status,
    DateOnly? RegisteredOn,
    int? RegReason,
    int? RegisterNo,
    DateOnly? MarkedOn,
    int? MarkReason,
    DateOnly? DeletedOn,
    int? DeletionReason,
    DateOnly? MovedOutOn,
    int? MoveDestination,
    DateOnly? DiedOn,
    DateOnly? NaturalizedOn,
    DateOnly? NationalityLostOn,
    int Eligibility,
    DateOnly? EligibilityOn,
    byte[] Identity)
{
    public const string Columns = "id, ward_code, district, status, registered_on, reg_reason, register_no, marked_on, mark_reason, deleted_on, deletion_reason, moved_out_on, move_destination, died_on, naturalized_on, nationality_lost_on, eligibility, eligibility_on, identity";

    public const string UpdateSql = "UPDATE person SET ward_code = @ward, district = @district, status = @status, registered_on = @reg, reg_reason = @rr, register_no = @no, marked_on = @mo, mark_reason = @mr, deleted_on = @do, deletion_reason = @dr, moved_out_on = @out, move_destination = @dest, died_on = @died, naturalized_on = @nat, nationality_lost_on = @lost, eligibility = @el, eligibility_on = @elon, updated_at_us = @upd WHERE id = @id";

    public static RegisterState Read(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetInt32(3), Date(r, 4), Int(r, 5), Int(r, 6), Date(r, 7), Int(r, 8), Date(r, 9), Int(r, 10),
        Date(r, 11), Int(r, 12), Date(r, 13), Date(r, 14), Date(r, 15), r.GetInt32(16), Date(r, 17), (byte[])r.GetValue(18));

    public (string, object?)[] UpdateParameters(long nowMicros) =>
    [
        ("@ward", WardCode), ("@district", District), ("@status", Status), ("@reg", RegisteredOn), ("@rr", RegReason), ("@no", RegisterNo), ("@mo", MarkedOn), ("@mr", MarkReason),
        ("@do", DeletedOn), ("@dr", DeletionReason), ("@out", MovedOutOn), ("@dest", MoveDestination), ("@died", DiedOn), ("@nat", NaturalizedOn), ("@lost", NationalityLostOn),
        ("@el", Eligibility), ("@elon", EligibilityOn), ("@upd", nowMicros), ("@id", Id),
    ];

    /// <summary>
    /// The history the register rules judge: nationality from birth unless a 帰化 date is known, lost on the
    /// recorded day; one residence period from the 住定日 to the 転出日; death.
    /// </summary>
    public PersonHistory History(DateOnly birth, bool japaneseByRecord, DateOnly residentSince)
    {
        NationalityPeriod? nationality = NaturalizedOn is { } nat
            ? new NationalityPeriod(nat, NationalityLostOn)
            : japaneseByRecord || NationalityLostOn is not null ? new NationalityPeriod(birth, NationalityLostOn) : null;
        return new PersonHistory
        {
            BirthDate = birth,
            JapaneseNationality = nationality is null ? [] : [nationality],
            Residences = [new ResidencePeriod(residentSince, MovedOutOn, (MoveDestination)(MoveDestination ?? (int)Domain.Register.MoveDestination.OtherPrefecture))],
            DeathDate = DiedOn,
        };
    }

    /// <summary>The register entry (登録, 表示, 抹消), or null when not registered.</summary>
    public RegisterRecord? Entry()
    {
        if (RegisteredOn is not { } registered)
        {
            return null;
        }

        var entry = new RegisterRecord(registered, (RegistrationReason)(RegReason ?? (int)RegistrationReason.ThreeMonthsAfterMoveIn));
        if (MarkedOn is { } marked)
        {
            entry = entry.Mark(marked, (Domain.Register.MarkReason)(MarkReason ?? 1));
        }

        if (DeletedOn is { } deleted)
        {
            entry = entry.Delete(deleted, (Domain.Register.DeletionReason)(DeletionReason ?? 1));
        }

        return entry;
    }

    /// <summary>This state with the entry's latest mark and deletion, and its 資格区分 on <paramref name="asOf"/>.</summary>
    public RegisterState WithEntry(RegisterRecord entry, DateOnly asOf)
    {
        var mark = entry.Marks.LastOrDefault(m => m.ClearedOn is null);
        return this with
        {
            MarkedOn = mark?.MarkedOn,
            MarkReason = mark is null ? null : (int)mark.Reason,
            DeletedOn = entry.Deletion?.DeletedOn,
            DeletionReason = entry.Deletion is null ? null : (int)entry.Deletion.Reason,
            Status = (int)StatusOf(entry, asOf),
        };
    }

    /// <summary>Once deleted an entry stays deleted; otherwise the status of the day (a mark made for a later day still counts once recorded).</summary>
    private static ElectorStatus StatusOf(RegisterRecord entry, DateOnly asOf)
    {
        asOf = asOf < entry.RegisteredOn ? entry.RegisteredOn : asOf;
        if (entry.Deletion is not null)
        {
            return ElectorStatus.Deleted;
        }

        var latest = entry.Marks.Where(m => m.ClearedOn is null).Select(m => m.MarkedOn).DefaultIfEmpty(asOf).Max();
        return entry.StatusOn(latest > asOf ? latest : asOf);
    }

    private static DateOnly? Date(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateOnly>(i);

    private static int? Int(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt32(i);
}

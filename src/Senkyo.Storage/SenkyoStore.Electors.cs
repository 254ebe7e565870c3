using Senkyo.Domain.Register;
using Senkyo.Privacy.Audit;
using Senkyo.Storage.Engines;
using Senkyo.Storage.Register;

namespace Senkyo.Storage;

/// <summary>One row of a person's register history (登録・表示・抹消・異動): codes and dates only.</summary>
/// <param name="On">The day the change takes effect.</param>
/// <param name="Change">register, mark, clear_mark, delete, move_in, move_out, move_within, death, …</param>
/// <param name="Reason">登録事由 11/12, 表示事由, 抹消事由 (法28 一〜五) when the change has one.</param>
/// <param name="Source">file:SEQ (an interface file) or run:SEQ (a registration run).</param>
public sealed record RegisterHistoryEntry(DateOnly On, string Change, int? Reason, string? District, string Source, DateTimeOffset RecordedAt);

/// <summary>
/// An elector's record as a clerk opens it (選挙人名簿の閲覧): the decrypted identity, the register entry (登録, 表示,
/// 抹消), its history, and the facts the eligibility rules judge. <see cref="VotingOn"/> answers "may this person vote
/// on that day" with the domain's <see cref="VotingEligibility"/> (法43, 法9, 法11, 法21, 法28), never with a copy of it.
/// </summary>
public sealed record ElectorRecord(
    PersonRecord Person,
    RegisterRecord? Entry,
    int? RegisterNumber,
    ElectorStatus Status,
    PersonHistory Facts,
    IReadOnlyList<RegisterHistoryEntry> History)
{
    public VotingDecision VotingOn(ElectionDates election, DateOnly votingDay) =>
        VotingEligibility.Evaluate(Facts, Entry, election, votingDay);
}

public sealed partial class SenkyoStore
{
    /// <summary>
    /// Reads one elector's whole record under the caller's purpose. Like every read it is an audit event
    /// ("elector.read") committed before anything is returned; outside the caller's ward scope it is refused and
    /// the refusal is logged.
    /// </summary>
    public async Task<ElectorRecord> ReadElectorAsync(AccessContext who, long id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        var (record, refusal) = await WriteAsync(async (c, tx) =>
        {
            RegisterState? state = null;
            await using (var cmd = c.Command(tx, $"SELECT {RegisterState.Columns} FROM person WHERE id = @id").With("@id", id))
            await using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
            {
                if (await r.ReadAsync(cancellationToken))
                {
                    state = RegisterState.Read(r);
                }
            }

            if (state is null)
            {
                await AppendAuditAsync(c, tx, who, "elector.read", SubjectSet.Of(id), AuditOutcome.Failed, 0, cancellationToken);
                return ((ElectorRecord?)null, (Exception?)new StoreRefusedException($"No person with id {id}."));
            }

            if (!who.CoversWard(state.WardCode))
            {
                await AppendAuditAsync(c, tx, who, "elector.read", SubjectSet.Of(id), AuditOutcome.Denied, 0, cancellationToken);
                return (null, new StoreRefusedException($"Person {id} is outside the ward scope '{who.WardScope}'."));
            }

            var history = new List<RegisterHistoryEntry>();
            await using (var cmd = c.Command(tx, "SELECT on_date, change, reason, district, source, recorded_at_us FROM register_history WHERE person_id = @id ORDER BY seq").With("@id", id))
            await using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
            {
                while (await r.ReadAsync(cancellationToken))
                {
                    history.Add(new RegisterHistoryEntry(
                        r.GetFieldValue<DateOnly>(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetInt32(2), r.IsDBNull(3) ? null : r.GetString(3),
                        r.GetString(4), DateTimeOffset.UnixEpoch.AddTicks(r.GetInt64(5) * 10)));
                }
            }

            var person = DecryptIdentity(state);
            var facts = state.History(person.Identity.BirthDate, person.Identity.Nationality == "JPN", person.ResidentSince);
            await AppendAuditAsync(c, tx, who, "elector.read", SubjectSet.Of(id), AuditOutcome.Success, 1, cancellationToken);
            return (new ElectorRecord(person, state.Entry(), state.RegisterNo, (ElectorStatus)state.Status, facts, history), null);
        }, cancellationToken);
        // The event is committed before anything is returned or thrown: a read that cannot be logged is never served.
        return record ?? throw refusal!;
    }
}

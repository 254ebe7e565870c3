using System.Data.Common;
using Senkyo.Domain.Register;
using Senkyo.Privacy.Audit;
using Senkyo.Storage.Engines;

namespace Senkyo.Storage;

/// <summary>A registration or maintenance run to preview or to commit: one of the three kinds below.</summary>
public abstract record RegisterRunRequest
{
    private protected RegisterRunRequest() { }

    /// <summary>The audit and run code of the kind: periodic, election or process.</summary>
    public abstract string Kind { get; }
}

/// <summary>定時登録 (法22①②) as of the 1st of March, June, September or December.</summary>
public sealed record PeriodicRunRequest(DateOnly BaseDate, IReadOnlyList<ElectionDates> Elections) : RegisterRunRequest
{
    public override string Kind => "periodic";
}

/// <summary>選挙時登録 (法22③) for one election.</summary>
public sealed record ElectionRunRequest(ElectionDates Election) : RegisterRunRequest
{
    public override string Kind => "election";
}

/// <summary>名簿の整理: the 表示 (法27①) and 抹消 (法28) due as of a day.</summary>
public sealed record ProcessRunRequest(DateOnly AsOf) : RegisterRunRequest
{
    public override string Kind => "process";
}

/// <summary>
/// What a run would do, computed by the run itself and rolled back. <see cref="RegisterRunResult.Run"/> is 0: no run
/// was recorded. <paramref name="AuditSeq"/> is the committed <c>register.preview</c> event.
/// </summary>
public sealed record RegisterPreview(RegisterRunResult Counts, long AuditSeq);

/// <summary>
/// 登録の事前確認 (preview of a 定時登録, 選挙時登録 or 名簿の整理): the counts per ward that committing would give,
/// by the very code path that commits (the same body, the same rules of Senkyo.Domain.Register), run inside a
/// SAVEPOINT that is rolled back. Only the audit event survives: a preview decrypts every candidate's birth date,
/// nationality and 住定日, so it is recorded as <c>register.preview</c> with the same subjects the run's
/// <c>register.read</c> would name.
/// </summary>
public sealed partial class SenkyoStore
{
    private const string PreviewSavepoint = "register_preview";

    /// <summary>Commits <paramref name="request"/>: the same as calling the kind's own method.</summary>
    public Task<RegisterRunResult> RunRegisterAsync(AccessContext who, RegisterRunRequest request, CancellationToken cancellationToken) =>
        WriteAsync(RunBody(who, request, cancellationToken), cancellationToken);

    /// <summary>What <see cref="RunRegisterAsync"/> would do now, without doing it; the preview's audit event is committed.</summary>
    public async Task<RegisterPreview> PreviewRegisterAsync(AccessContext who, RegisterRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        var body = RunBody(who, request, cancellationToken);
        return await WriteAsync(async (c, tx) =>
        {
            var auditBefore = await c.ScalarAsync<long>(tx, "SELECT size FROM audit_head WHERE id = 1", cancellationToken);
            await tx.SaveAsync(PreviewSavepoint, cancellationToken);
            var counts = await body(c, tx);
            var (subjects, count) = await ReadEventOfRunAsync(c, tx, auditBefore, cancellationToken);
            // Everything the run wrote goes: entries, history rows, the run row, its audit events. (A run that fails
            // takes the whole transaction with it, preview event included: nothing was read to completion.)
            await tx.RollbackAsync(PreviewSavepoint, cancellationToken);
            var seq = await AppendAuditAsync(c, tx, who, "register.preview", subjects, AuditOutcome.Success, count, cancellationToken);
            return new RegisterPreview(counts with { Run = 0 }, seq);
        }, cancellationToken);
    }

    private Func<DbConnection, DbTransaction, Task<RegisterRunResult>> RunBody(AccessContext who, RegisterRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request switch
        {
            PeriodicRunRequest p => PeriodicRun(who, p.BaseDate, p.Elections, cancellationToken),
            ElectionRunRequest e => ElectionRun(who, e.Election, cancellationToken),
            ProcessRunRequest m => ProcessRun(who, m.AsOf, cancellationToken),
            _ => throw new ArgumentException($"unknown run kind {request.GetType().Name}", nameof(request)),
        };
    }

    /// <summary>The <c>register.read</c> event the run appended (before it is rolled back): who was read, how many.</summary>
    private static async Task<(SubjectSet, long?)> ReadEventOfRunAsync(DbConnection c, DbTransaction tx, long fromSeq, CancellationToken cancellationToken)
    {
        await using var cmd = c.Command(tx, "SELECT subjects, result_count FROM audit_event WHERE seq >= @s AND action = 'register.read' ORDER BY seq LIMIT 1")
            .With("@s", fromSeq);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        if (!await r.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException("a registration run recorded no register.read event");
        }

        return (SubjectSet.Parse(r.GetString(0)), r.IsDBNull(1) ? null : r.GetInt64(1));
    }
}

using Senkyo.Privacy.Audit;
using Senkyo.Privacy.Keys;

namespace Senkyo.Storage;

/// <summary>
/// The one storage contract, implemented over SQLite and PostgreSQL alike. Every call that touches a person or a
/// key writes its audit event in the same transaction; a read whose event cannot be written is not served.
/// </summary>
public interface ISenkyoStore : IAsyncDisposable
{
    StoreInfo Info { get; }

    Task<long> AddPersonAsync(AccessContext who, NewPerson person, CancellationToken cancellationToken);

    /// <summary>Bulk path: one transaction, one audit event naming the id range.</summary>
    Task<BulkInsertResult> AddPeopleAsync(AccessContext who, IEnumerable<NewPerson> people, IProgress<long>? progress, CancellationToken cancellationToken);

    Task<PersonRecord> ReadPersonAsync(AccessContext who, long id, CancellationToken cancellationToken);

    Task<IReadOnlyList<PersonRecord>> FindPeopleAsync(AccessContext who, PersonQuery query, CancellationToken cancellationToken);

    Task UpdateIdentityAsync(AccessContext who, long id, PersonIdentity identity, CancellationToken cancellationToken);

    Task UpdateHealthAsync(AccessContext who, long id, PersonHealth health, CancellationToken cancellationToken);

    Task<PersonHealth?> ReadHealthAsync(AccessContext who, long id, CancellationToken cancellationToken);

    /// <summary>Records an event without a data change (sign-in, export approval, …).</summary>
    Task<long> RecordAsync(AccessContext who, string action, SubjectSet subjects, AuditOutcome outcome, long? resultCount, CancellationToken cancellationToken);

    Task<long> CountPeopleAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(CancellationToken cancellationToken);

    Task<AuditVerification> VerifyAuditAsync(IEnumerable<Checkpoint> external, CancellationToken cancellationToken);

    Task<Checkpoint> CheckpointAsync(AccessContext who, CancellationToken cancellationToken);

    Task<InclusionProofResult> ProveAsync(long seq, CancellationToken cancellationToken);

    Task RewrapKeysAsync(AccessContext who, MasterKey newMaster, CancellationToken cancellationToken);

    /// <summary>New data-key versions and re-encryption in batches; resumable; data stays readable throughout.</summary>
    Task<ReencryptionProgress> RotateDataKeysAsync(AccessContext who, int batchSize, IProgress<ReencryptionProgress>? progress, CancellationToken cancellationToken);
}

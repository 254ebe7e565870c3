using System.Buffers.Binary;
using System.Text;

namespace Senkyo.Privacy.Audit;

/// <summary>Outcome of an audited action.</summary>
public enum AuditOutcome
{
    Success = 1,

    /// <summary>Refused by policy (scope, role, rate).</summary>
    Denied = 2,

    /// <summary>Attempted and failed (e.g. a ciphertext that did not authenticate).</summary>
    Failed = 3,
}

/// <summary>
/// One audit event (監査ログの記録): when, who (actor, role, ward scope), why (purpose), what (action, subjects
/// as surrogate row ids, result count) and how it ended. Every text field is a short ASCII code checked on
/// construction, so a name, kana, address or phone number cannot be put into the log even by mistake.
/// </summary>
public sealed record AuditEvent
{
    public AuditEvent(DateTimeOffset at, string actor, string role, string wardScope, string purpose, string action, SubjectSet subjects, AuditOutcome outcome, long? resultCount = null)
    {
        At = at.ToUniversalTime();
        Actor = Code(actor, nameof(actor));
        Role = Code(role, nameof(role));
        WardScope = Code(wardScope, nameof(wardScope));
        Purpose = Code(purpose, nameof(purpose));
        Action = Code(action, nameof(action));
        Subjects = subjects ?? SubjectSet.Empty;
        Outcome = Enum.IsDefined(outcome) ? outcome : throw new ArgumentOutOfRangeException(nameof(outcome));
        ResultCount = resultCount is < 0 ? throw new ArgumentOutOfRangeException(nameof(resultCount)) : resultCount;
    }

    public DateTimeOffset At { get; }

    public string Actor { get; }

    public string Role { get; }

    public string WardScope { get; }

    public string Purpose { get; }

    public string Action { get; }

    public SubjectSet Subjects { get; }

    public AuditOutcome Outcome { get; }

    public long? ResultCount { get; }

    /// <summary>Microseconds since the Unix epoch: the stored and hashed form of <see cref="At"/>.</summary>
    public long AtMicros => (At.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static bool IsCode(string? value) =>
        value is { Length: > 0 and <= 128 } && value.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_' or '-' or ':' or '@' or '/' or '*' or ',' or '+');

    private static string Code(string value, string name) =>
        IsCode(value) ? value : throw new ArgumentException($"Audit field '{name}' must be a code of 1-128 ASCII letters, digits or . _ - : @ / * , + (no personal data).", name);
}

/// <summary>An event as stored: its position in the log, its predecessor's hash and its own leaf hash.</summary>
public sealed record AuditRecord(long Seq, long AtMicros, string Actor, string Role, string WardScope, string Purpose, string Action, string Subjects, AuditOutcome Outcome, long? ResultCount, byte[] PrevHash, byte[] LeafHash)
{
    public static AuditRecord Create(long seq, AuditEvent e, byte[] prevHash)
    {
        ArgumentNullException.ThrowIfNull(e);
        var r = new AuditRecord(seq, e.AtMicros, e.Actor, e.Role, e.WardScope, e.Purpose, e.Action, e.Subjects.ToString(), e.Outcome, e.ResultCount, prevHash, []);
        return r with { LeafHash = r.ComputeLeafHash() };
    }

    /// <summary>
    /// Leaf data: a fixed binary layout of every stored column except the leaf hash, including the sequence
    /// number and the predecessor's hash (the hash chain). Leaf hash = SHA-256(0x00 || data), as RFC 9162 §2.1.1.
    /// </summary>
    public byte[] LeafData()
    {
        var strings = new[] { Actor, Role, WardScope, Purpose, Action, Subjects };
        var size = 1 + 8 + 8 + 1 + 1 + 8 + 2 + PrevHash.Length + strings.Sum(s => 4 + Encoding.UTF8.GetByteCount(s));
        var data = new byte[size];
        var span = data.AsSpan();
        span[0] = 1;
        BinaryPrimitives.WriteInt64BigEndian(span[1..], Seq);
        BinaryPrimitives.WriteInt64BigEndian(span[9..], AtMicros);
        span[17] = (byte)Outcome;
        span[18] = ResultCount.HasValue ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt64BigEndian(span[19..], ResultCount ?? 0);
        BinaryPrimitives.WriteUInt16BigEndian(span[27..], (ushort)PrevHash.Length);
        PrevHash.CopyTo(span[29..]);
        var pos = 29 + PrevHash.Length;
        foreach (var s in strings)
        {
            var n = Encoding.UTF8.GetBytes(s, span[(pos + 4)..]);
            BinaryPrimitives.WriteInt32BigEndian(span[pos..], n);
            pos += 4 + n;
        }

        return data;
    }

    public byte[] ComputeLeafHash() => MerkleTree.LeafHash(LeafData());

    public AuditEvent ToEvent() => new(
        DateTimeOffset.UnixEpoch.AddTicks(AtMicros * 10), Actor, Role, WardScope, Purpose, Action, SubjectSet.Parse(Subjects), Outcome, ResultCount);
}

namespace Senkyo.Privacy.Audit;

/// <summary>Result of checking an audit log: intact, or the first position where it is not and why.</summary>
public sealed record AuditVerification(long Size, byte[] Root, long? FirstBadPosition, string? Problem, IReadOnlyList<byte[]> LeafHashes)
{
    public bool IsIntact => FirstBadPosition is null;
}

/// <summary>
/// Walks the stored log in sequence order and checks each link: position equals sequence number (no gap, no
/// duplicate), the leaf hash recomputed from the stored columns equals the stored one (no altered byte), and the
/// predecessor hash equals the previous leaf hash (nothing inserted, deleted or reordered). Then checks the
/// recorded head (truncation) and every earlier checkpoint (consistency: same root over its prefix, and an
/// RFC 9162 consistency proof from it to the current tree).
/// </summary>
public static class AuditLogVerifier
{
    public static AuditVerification Verify(IEnumerable<AuditRecord> records, long? recordedHeadSize, IEnumerable<Checkpoint> checkpoints, string storeId)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(checkpoints);
        var leaves = new List<byte[]>();
        var previous = MerkleTree.EmptyRoot;
        foreach (var r in records)
        {
            var position = (long)leaves.Count;
            string? problem = null;
            if (r.Seq != position)
            {
                problem = r.Seq > position
                    ? $"entry {position} is missing (the next stored entry is {r.Seq})"
                    : $"entry {r.Seq} appears again at position {position}";
            }
            else if (!r.ComputeLeafHash().AsSpan().SequenceEqual(r.LeafHash))
            {
                problem = $"entry {position} was altered (its content does not match its hash)";
            }
            else if (!r.PrevHash.AsSpan().SequenceEqual(previous))
            {
                problem = $"entry {position} does not follow entry {position - 1} (an entry was inserted, deleted or reordered before it)";
            }

            if (problem is not null)
            {
                return new AuditVerification(position, MerkleTree.Root(leaves, leaves.Count), position, problem, leaves);
            }

            leaves.Add(r.LeafHash);
            previous = r.LeafHash;
        }

        var size = (long)leaves.Count;
        var root = MerkleTree.Root(leaves, size);
        if (recordedHeadSize is { } head && head != size)
        {
            return new AuditVerification(size, root, Math.Min(head, size),
                head > size ? $"the log was truncated: the head records {head} entries, {size} remain; first missing entry is {size}" : $"the head records {head} entries but the log holds {size}", leaves);
        }

        // Checkpoints in size order: a rewrite lies after the last checkpoint the log is still consistent with.
        long consistentUpTo = 0;
        foreach (var checkpoint in checkpoints.OrderBy(c => c.Size))
        {
            var problem = CheckAgainst(checkpoint, leaves, size, root, storeId, consistentUpTo);
            if (problem is not null)
            {
                return new AuditVerification(size, root, problem.Value.Position, problem.Value.Message, leaves);
            }

            consistentUpTo = checkpoint.Size;
        }

        return new AuditVerification(size, root, null, null, leaves);
    }

    private static (long Position, string Message)? CheckAgainst(Checkpoint c, List<byte[]> leaves, long size, byte[] root, string storeId, long consistentUpTo)
    {
        if (!c.SignatureIsValid())
        {
            return (Math.Min(c.Size, size), $"checkpoint of size {c.Size} has an invalid signature");
        }

        if (c.StoreId != storeId)
        {
            return (0, $"checkpoint of size {c.Size} belongs to store {c.StoreId}, not {storeId}");
        }

        if (c.Size > size)
        {
            return (size, $"the log was truncated: checkpoint covers {c.Size} entries, {size} remain; first missing entry is {size}");
        }

        var proof = MerkleTree.ConsistencyProof(leaves, c.Size, size);
        if (!MerkleTree.VerifyConsistency(c.Size, size, c.Root, root, proof))
        {
            // Only the old root is known, not the old leaves: the rewrite lies between the last consistent
            // checkpoint and this one, and the first position of that range is what can be named.
            return (consistentUpTo, $"the log is inconsistent with the checkpoint of size {c.Size} signed {c.At:yyyy-MM-dd HH:mm:ss}Z: an entry in positions {consistentUpTo}..{c.Size - 1} was rewritten");
        }

        return null;
    }
}

using System.Numerics;
using System.Security.Cryptography;

namespace Senkyo.Privacy.Audit;

/// <summary>
/// The audit log as a Merkle tree, RFC 9162 §2.1 (Certificate Transparency v2): leaf hash SHA-256(0x00 || data),
/// interior node SHA-256(0x01 || left || right), so a leaf can never pass for a node. A signed tree head commits to
/// every event; inclusion proofs show one event is in it, consistency proofs that a later log extends an earlier
/// one without rewriting it.
/// </summary>
public static class MerkleTree
{
    public const int HashSize = 32;

    public static byte[] EmptyRoot { get; } = SHA256.HashData([]);

    public static byte[] LeafHash(ReadOnlySpan<byte> data)
    {
        var buffer = new byte[1 + data.Length];
        data.CopyTo(buffer.AsSpan(1));
        return SHA256.HashData(buffer);
    }

    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> buffer = stackalloc byte[1 + HashSize + HashSize];
        buffer[0] = 1;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + HashSize)..]);
        return SHA256.HashData(buffer);
    }

    /// <summary>MTH of the first <paramref name="size"/> leaf hashes.</summary>
    public static byte[] Root(IReadOnlyList<byte[]> leaves, long size)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        return size switch
        {
            < 0 => throw new ArgumentOutOfRangeException(nameof(size)),
            0 => EmptyRoot,
            _ when size > leaves.Count => throw new ArgumentOutOfRangeException(nameof(size)),
            _ => Subtree(leaves, 0, size),
        };
    }

    /// <summary>PATH(m, D[n]) of RFC 9162 §2.1.3.1.</summary>
    public static IReadOnlyList<byte[]> InclusionProof(IReadOnlyList<byte[]> leaves, long index, long size)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        if (index < 0 || index >= size || size > leaves.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"No leaf {index} in a tree of {size}.");
        }

        var proof = new List<byte[]>();
        Path(leaves, index, 0, size, proof);
        return proof;
    }

    /// <summary>PROOF(m, D[n]) of RFC 9162 §2.1.4.1.</summary>
    public static IReadOnlyList<byte[]> ConsistencyProof(IReadOnlyList<byte[]> leaves, long oldSize, long newSize)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        if (oldSize < 0 || oldSize > newSize || newSize > leaves.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(oldSize), $"No consistency proof from {oldSize} to {newSize}.");
        }

        var proof = new List<byte[]>();
        if (oldSize > 0 && oldSize < newSize)
        {
            SubProof(leaves, oldSize, 0, newSize, true, proof);
        }

        return proof;
    }

    /// <summary>Verification of an inclusion proof, RFC 9162 §2.1.3.2.</summary>
    public static bool VerifyInclusion(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (index < 0 || index >= size)
        {
            return false;
        }

        var fn = index;
        var sn = size - 1;
        var r = leafHash.ToArray();
        foreach (var p in proof)
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p, r);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                r = NodeHash(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }

    /// <summary>Verification of a consistency proof, RFC 9162 §2.1.4.2 (with the trivial cases 0 and equal sizes).</summary>
    public static bool VerifyConsistency(long oldSize, long newSize, ReadOnlySpan<byte> oldRoot, ReadOnlySpan<byte> newRoot, IReadOnlyList<byte[]> proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (oldSize < 0 || oldSize > newSize)
        {
            return false;
        }

        if (oldSize == newSize)
        {
            return proof.Count == 0 && oldRoot.SequenceEqual(newRoot);
        }

        if (oldSize == 0)
        {
            return proof.Count == 0;
        }

        if (proof.Count == 0)
        {
            return false;
        }

        var path = new List<byte[]>(proof.Count + 1);
        if (BitOperations.IsPow2(oldSize))
        {
            path.Add(oldRoot.ToArray());
        }

        path.AddRange(proof);
        var fn = oldSize - 1;
        var sn = newSize - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        var fr = path[0];
        var sr = path[0];
        foreach (var c in path.Skip(1))
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                fr = NodeHash(c, fr);
                sr = NodeHash(c, sr);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                sr = NodeHash(sr, c);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && fr.AsSpan().SequenceEqual(oldRoot) && sr.AsSpan().SequenceEqual(newRoot);
    }

    private static long SplitPoint(long n) => (long)BitOperations.RoundUpToPowerOf2((ulong)n) >> 1;

    private static byte[] Subtree(IReadOnlyList<byte[]> leaves, long start, long count)
    {
        if (count == 1)
        {
            return leaves[(int)start];
        }

        var k = SplitPoint(count);
        return NodeHash(Subtree(leaves, start, k), Subtree(leaves, start + k, count - k));
    }

    private static void Path(IReadOnlyList<byte[]> leaves, long m, long start, long n, List<byte[]> proof)
    {
        if (n <= 1)
        {
            return;
        }

        var k = SplitPoint(n);
        if (m < k)
        {
            Path(leaves, m, start, k, proof);
            proof.Add(Subtree(leaves, start + k, n - k));
        }
        else
        {
            Path(leaves, m - k, start + k, n - k, proof);
            proof.Add(Subtree(leaves, start, k));
        }
    }

    private static void SubProof(IReadOnlyList<byte[]> leaves, long m, long start, long n, bool complete, List<byte[]> proof)
    {
        if (m == n)
        {
            if (!complete)
            {
                proof.Add(Subtree(leaves, start, n));
            }

            return;
        }

        var k = SplitPoint(n);
        if (m <= k)
        {
            SubProof(leaves, m, start, k, complete, proof);
            proof.Add(Subtree(leaves, start + k, n - k));
        }
        else
        {
            SubProof(leaves, m - k, start + k, n - k, false, proof);
            proof.Add(Subtree(leaves, start, k));
        }
    }
}

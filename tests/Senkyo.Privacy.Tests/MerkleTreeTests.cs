using System.Security.Cryptography;
using CsCheck;
using Senkyo.Privacy.Audit;

namespace Senkyo.Privacy.Tests;

public sealed class MerkleTreeTests
{
    private static List<byte[]> Leaves(int n) =>
        [.. Enumerable.Range(0, n).Select(i => MerkleTree.LeafHash(BitConverter.GetBytes(i)))];

    [Fact]
    public void Root_matches_the_RFC_definition_for_small_trees()
    {
        var l = Leaves(3);
        Assert.Equal(SHA256.HashData([]), MerkleTree.Root(l, 0));
        Assert.Equal(l[0], MerkleTree.Root(l, 1));
        Assert.Equal(MerkleTree.NodeHash(MerkleTree.NodeHash(l[0], l[1]), l[2]), MerkleTree.Root(l, 3));
        Assert.Equal(SHA256.HashData([0, 1, 2]), MerkleTree.LeafHash([1, 2]));
    }

    [Fact]
    public void Inclusion_proofs_verify_for_every_leaf_of_every_size()
    {
        var all = Leaves(70);
        for (var size = 1; size <= all.Count; size++)
        {
            var root = MerkleTree.Root(all, size);
            for (var i = 0; i < size; i++)
            {
                var proof = MerkleTree.InclusionProof(all, i, size);
                Assert.True(MerkleTree.VerifyInclusion(i, size, all[i], proof, root), $"leaf {i} of {size}");
            }
        }
    }

    [Fact]
    public void Consistency_proofs_verify_for_every_pair_of_sizes()
    {
        var all = Leaves(70);
        for (var n = 0; n <= all.Count; n++)
        {
            var newRoot = MerkleTree.Root(all, n);
            for (var m = 0; m <= n; m++)
            {
                var proof = MerkleTree.ConsistencyProof(all, m, n);
                Assert.True(MerkleTree.VerifyConsistency(m, n, MerkleTree.Root(all, m), newRoot, proof), $"{m} -> {n}");
            }
        }
    }

    [Fact]
    public void Proofs_verify_for_random_large_sizes_and_fail_when_anything_changes()
    {
        var all = Leaves(3000);
        Gen.Int[1, 3000].SelectMany(n => Gen.Select(Gen.Const(n), Gen.Int[0, n - 1], Gen.Int[1, n])).Sample((n, i, m) =>
        {
            var root = MerkleTree.Root(all, n);
            var inclusion = MerkleTree.InclusionProof(all, i, n);
            Assert.True(MerkleTree.VerifyInclusion(i, n, all[i], inclusion, root));
            Assert.False(MerkleTree.VerifyInclusion(i, n, all[(i + 1) % all.Count], inclusion, root));

            var consistency = MerkleTree.ConsistencyProof(all, m, n);
            var oldRoot = MerkleTree.Root(all, m);
            Assert.True(MerkleTree.VerifyConsistency(m, n, oldRoot, root, consistency));
            if (m < n)
            {
                var rewritten = (byte[])oldRoot.Clone();
                rewritten[0] ^= 1;
                Assert.False(MerkleTree.VerifyConsistency(m, n, rewritten, root, consistency));
            }
        }, iter: 150);
    }

    [Fact]
    public void A_tampered_proof_element_fails()
    {
        var all = Leaves(37);
        var root = MerkleTree.Root(all, 37);
        var proof = MerkleTree.InclusionProof(all, 20, 37).Select(p => (byte[])p.Clone()).ToList();
        proof[1][5] ^= 0x80;
        Assert.False(MerkleTree.VerifyInclusion(20, 37, all[20], proof, root));
    }
}

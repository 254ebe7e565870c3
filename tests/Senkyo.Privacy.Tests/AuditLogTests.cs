using CsCheck;
using Senkyo.Privacy.Audit;

namespace Senkyo.Privacy.Tests;

public sealed class AuditLogTests
{
    private static AuditEvent Event(int i) => new(
        DateTimeOffset.UnixEpoch.AddDays(20000).AddSeconds(i), $"clerk{i % 3}", "registrar", "141", "inquiry", "person.read", SubjectSet.Of(i, i + 1), AuditOutcome.Success, 1);

    private static List<AuditRecord> Chain(int n)
    {
        var list = new List<AuditRecord>();
        var prev = MerkleTree.EmptyRoot;
        for (var i = 0; i < n; i++)
        {
            var r = AuditRecord.Create(i, Event(i), prev);
            list.Add(r);
            prev = r.LeafHash;
        }

        return list;
    }

    [Fact]
    public void Personal_data_cannot_enter_an_event()
    {
        Assert.Throws<ArgumentException>(() => new AuditEvent(DateTimeOffset.UnixEpoch, "山田太郎", "r", "*", "p", "a", SubjectSet.Empty, AuditOutcome.Success));
        Assert.Throws<ArgumentException>(() => new AuditEvent(DateTimeOffset.UnixEpoch, "a", "r", "*", "090 1234 5678", "a", SubjectSet.Empty, AuditOutcome.Success));
    }

    [Fact]
    public void Intact_chain_verifies_and_its_root_is_the_merkle_root()
    {
        var chain = Chain(25);
        var result = AuditLogVerifier.Verify(chain, 25, [], "s");
        Assert.True(result.IsIntact, result.Problem);
        Assert.Equal(MerkleTree.Root([.. chain.Select(c => c.LeafHash)], 25), result.Root);
    }

    [Fact]
    public void Any_single_field_change_is_named_by_position()
    {
        var chain = Chain(40);
        Gen.Select(Gen.Int[0, 39], Gen.Int[0, 6]).Sample((pos, field) =>
        {
            var copy = chain.ToList();
            var r = copy[pos];
            copy[pos] = field switch
            {
                0 => r with { Actor = r.Actor + "x" },
                1 => r with { AtMicros = r.AtMicros + 1 },
                2 => r with { Subjects = "999" },
                3 => r with { Outcome = AuditOutcome.Denied },
                4 => r with { ResultCount = 2 },
                5 => r with { Purpose = "export" },
                _ => r with { LeafHash = Flip(r.LeafHash) },
            };
            var result = AuditLogVerifier.Verify(copy, 40, [], "s");
            Assert.Equal(pos, result.FirstBadPosition);
        }, iter: 200);
    }

    [Fact]
    public void Deleting_reordering_inserting_and_truncating_are_detected()
    {
        var chain = Chain(30);
        var deleted = chain.Where(r => r.Seq != 12).ToList();
        Assert.Equal(12, AuditLogVerifier.Verify(deleted, 30, [], "s").FirstBadPosition);

        var renumbered = deleted.Select((r, i) => r with { Seq = i }).Select(r => r with { LeafHash = r.ComputeLeafHash() }).ToList();
        Assert.Equal(12, AuditLogVerifier.Verify(renumbered, 29, [], "s").FirstBadPosition);

        var swapped = chain.ToList();
        (swapped[7], swapped[8]) = (swapped[8] with { Seq = 7 }, swapped[7] with { Seq = 8 });
        Assert.Equal(7, AuditLogVerifier.Verify(swapped, 30, [], "s").FirstBadPosition);

        var inserted = chain.Take(5).Append(AuditRecord.Create(5, Event(99), chain[4].LeafHash)).Concat(chain.Skip(5).Select(r => r with { Seq = r.Seq + 1 })).ToList();
        Assert.Equal(6, AuditLogVerifier.Verify(inserted, 31, [], "s").FirstBadPosition);

        var truncated = chain.Take(20).ToList();
        var t = AuditLogVerifier.Verify(truncated, 30, [], "s");
        Assert.Equal(20, t.FirstBadPosition);
        Assert.Contains("truncated", t.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rewritten_log_is_inconsistent_with_an_earlier_checkpoint()
    {
        using var ring = TestKeys.NewRing("s");
        using var signer = ring.CreateAuditSigner();
        var chain = Chain(50);
        var early = Checkpoint.Sign("s", 30, MerkleTree.Root([.. chain.Select(c => c.LeafHash)], 30), DateTimeOffset.UnixEpoch, signer);
        Assert.True(AuditLogVerifier.Verify(chain, 50, [early], "s").IsIntact);

        // The attacker rewrites entry 17 and recomputes every hash after it: the chain is internally valid again.
        var rewritten = new List<AuditRecord>();
        var prev = MerkleTree.EmptyRoot;
        foreach (var r in chain)
        {
            var changed = r.Seq == 17 ? r with { Actor = "nobody" } : r;
            var relinked = changed with { PrevHash = prev };
            relinked = relinked with { LeafHash = relinked.ComputeLeafHash() };
            rewritten.Add(relinked);
            prev = relinked.LeafHash;
        }

        Assert.True(AuditLogVerifier.Verify(rewritten, 50, [], "s").IsIntact);
        var result = AuditLogVerifier.Verify(rewritten, 50, [early], "s");
        Assert.False(result.IsIntact);
        Assert.Contains("inconsistent", result.Problem, StringComparison.Ordinal);

        var shortened = AuditLogVerifier.Verify(chain.Take(25), null, [early], "s");
        Assert.Equal(25, shortened.FirstBadPosition);
    }

    [Fact]
    public void Checkpoint_text_round_trips_and_detects_edits()
    {
        using var ring = TestKeys.NewRing("s");
        using var signer = ring.CreateAuditSigner();
        var cp = Checkpoint.Sign("s", 12, new byte[32], new DateTimeOffset(2026, 11, 28, 1, 2, 3, TimeSpan.Zero), signer);
        var parsed = Checkpoint.Parse(cp.ToText(), "cp.txt");
        Assert.True(parsed.SignatureIsValid());
        Assert.Equal(12, parsed.Size);
        var edited = Checkpoint.Parse(cp.ToText().Replace("size: 12", "size: 13", StringComparison.Ordinal), "cp.txt");
        Assert.False(edited.SignatureIsValid());
        var e = Assert.Throws<FormatException>(() => Checkpoint.Parse("hello\n", "cp.txt"));
        Assert.Contains("cp.txt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Subject_sets_are_canonical_ranges()
    {
        Gen.Long[1, 500].Array[0, 60].Sample(ids =>
        {
            var set = SubjectSet.Of(ids);
            Assert.Equal(set, SubjectSet.Parse(set.ToString()));
            Assert.Equal(ids.Distinct().Count(), set.Count);
            Assert.All(ids, id => Assert.True(set.Contains(id)));
        });
        Assert.Equal("1-3,7", SubjectSet.Of(3, 1, 2, 7).ToString());
        Assert.Equal("1-3,7,9", SubjectSet.Of(3, 3, 1, 2, 2, 7, 9, 9, 1).ToString());
    }

    private static byte[] Flip(byte[] b)
    {
        var c = (byte[])b.Clone();
        c[0] ^= 1;
        return c;
    }
}

using CsCheck;
using Senkyo.Domain.Results;

namespace Senkyo.Domain.Tests.Results;

/// <summary>ドント式 (法95の2①, 法95の3①) with exact quotients, list caps and lots.</summary>
public sealed class DHondtTests
{
    private static readonly LotBook NoLots = new([]);

    private static DHondtResult Allocate(int seats, params (string Party, long Votes, int Cap)[] parties) =>
        DHondt.Allocate(parties.Select(p => new DHondtEntry(p.Party, Rational.FromInteger(p.Votes), p.Cap)).ToList(), seats, NoLots, "block");

    [Fact]
    public void Nine_seats_over_600_720_900_go_2_3_4()
    {
        var r = Allocate(9, ("A", 600, 10), ("B", 720, 10), ("C", 900, 10));
        Assert.Equal(2, r.Seats["A"]);
        Assert.Equal(3, r.Seats["B"]);
        Assert.Equal(4, r.Seats["C"]);
        Assert.Equal(["C", "B", "A", "C", "B"], r.Quotients.Take(5).Select(q => q.Party));
        Assert.Empty(r.PendingLots);
    }

    [Fact]
    public void A_used_up_list_passes_its_seat_to_the_next_quotient()
    {
        var r = Allocate(5, ("A", 1000, 2), ("B", 400, 10));
        Assert.Equal(2, r.Seats["A"]);
        Assert.Equal(3, r.Seats["B"]);
        Assert.Contains("A", r.Exhausted);
        Assert.Contains(r.Flags, f => f.Code == FlagCode.ListExhausted);
    }

    [Fact]
    public void Equal_quotients_for_the_last_seat_are_left_to_a_lot()
    {
        var r = Allocate(3, ("A", 600, 5), ("B", 300, 5), ("C", 300, 5));
        // A 600, A 300, B 300, C 300 → the third seat is between A(÷2), B and C.
        Assert.Equal(1, r.Seats["A"]);
        var lot = Assert.Single(r.PendingLots);
        Assert.Equal(["A", "B", "C"], lot.Among);
        Assert.Equal(2, lot.Places);
        var drawn = DHondt.Allocate([new("A", Rational.FromInteger(600), 5), new("B", Rational.FromInteger(300), 5), new("C", Rational.FromInteger(300), 5)], 3,
            new LotBook([new LotRecord { Among = ["A", "B", "C"], Drawn = ["C", "A", "B"] }]), "block");
        Assert.Equal(2, drawn.Seats["A"]);
        Assert.Equal(1, drawn.Seats["C"]);
        Assert.Equal(0, drawn.Seats["B"]);
    }

    [Fact]
    public void Fractional_votes_compare_exactly()
    {
        // 694578.943 / 3 = 231526.314333… vs 231526.314: the first is larger, though both print alike.
        var r = DHondt.Allocate([new("A", Votes.FromThousandths(694_578_943).ToRational(), 9), new("B", Votes.FromThousandths(231_526_314).ToRational(), 9)], 3, NoLots, "b");
        Assert.Equal(3, r.Seats["A"]);
    }

    private static readonly Gen<(long Votes, int Cap)[]> Parties = Gen.Select(Gen.Long[0, 2_000_000], Gen.Int[0, 30]).Array[1, 12];

    [Fact]
    public void Seats_sum_to_the_house_size_when_lists_suffice_and_no_lot_is_pending() =>
        Gen.Select(Parties, Gen.Int[1, 40]).Sample((parties, seats) =>
        {
            var r = Allocate(seats, parties.Select((p, i) => ("P" + i, p.Votes, p.Cap)).ToArray());
            var capacity = parties.Where(p => p.Votes > 0).Sum(p => p.Cap);
            var total = r.Seats.Values.Sum();
            return r.PendingLots.Count > 0 || total == Math.Min(seats, capacity);
        });

    [Fact]
    public void More_votes_never_lose_a_seat() =>
        Gen.Select(Parties, Gen.Int[1, 30], Gen.Long[0, 500_000]).Sample((parties, seats, extra) =>
        {
            var before = Allocate(seats, parties.Select((p, i) => ("P" + i, p.Votes, p.Cap)).ToArray());
            var after = Allocate(seats, parties.Select((p, i) => ("P" + i, i == 0 ? p.Votes + extra : p.Votes, p.Cap)).ToArray());
            return before.PendingLots.Count > 0 || after.PendingLots.Count > 0 || after.Seats["P0"] >= before.Seats["P0"];
        });

    [Fact]
    public void Permuting_the_parties_never_changes_the_seats() =>
        Gen.Select(Parties, Gen.Int[1, 30], Gen.Int).Sample((parties, seats, seed) =>
        {
            var named = parties.Select((p, i) => ("P" + i, p.Votes, p.Cap)).ToArray();
            var shuffled = named.ToArray();
            new Random(seed).Shuffle(shuffled);
            var a = Allocate(seats, named);
            var b = Allocate(seats, shuffled);
            return a.Seats.All(kv => b.Seats[kv.Key] == kv.Value)
                && a.Quotients.Select(q => (q.Party, q.Divisor)).SequenceEqual(b.Quotients.Select(q => (q.Party, q.Divisor)));
        });
}

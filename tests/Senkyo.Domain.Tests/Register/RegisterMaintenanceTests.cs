using Senkyo.Domain.Register;

namespace Senkyo.Domain.Tests.Register;

public sealed class RegisterMaintenanceTests
{
    private static readonly RegisterRecord Entry = new(Day.Of("2020-03-02"), RegistrationReason.ThreeMonthsAfterMoveIn);

    private static PersonHistory Elector() => PersonHistory.JapaneseResident(Day.Of("1980-05-05"), Day.Of("2019-10-01"));

    [Fact]
    public void Nothing_is_due_for_a_resident_elector() =>
        Assert.Null(RegisterMaintenance.Due(Elector(), Entry, Day.Of("2026-07-01")));

    [Fact]
    public void Death_deletes_from_the_day_of_death()
    {
        var change = RegisterMaintenance.Due(Elector() with { DeathDate = Day.Of("2026-06-10") }, Entry, Day.Of("2026-06-12"));
        Assert.Equal(new DeleteChange(Day.Of("2026-06-10"), DeletionReason.Death), change);
        Assert.Equal(ElectorStatus.Deleted, change!.ApplyTo(Entry).StatusOn(Day.Of("2026-06-10")));
    }

    [Fact]
    public void Loss_of_nationality_deletes()
    {
        var person = Elector() with { JapaneseNationality = [new NationalityPeriod(Day.Of("1980-05-05"), Day.Of("2026-04-01"))] };
        Assert.Equal(new DeleteChange(Day.Of("2026-04-01"), DeletionReason.NationalityLost), RegisterMaintenance.Due(person, Entry, Day.Of("2026-05-01")));
    }

    [Fact]
    public void A_move_out_is_marked_then_deleted_after_four_months()
    {
        var person = Elector() with { Residences = [new ResidencePeriod(Day.Of("2019-10-01"), Day.Of("2026-03-15"), MoveDestination.SamePrefecture)] };
        var mark = RegisterMaintenance.Due(person, Entry, Day.Of("2026-03-20"));
        Assert.Equal(new MarkChange(Day.Of("2026-03-16"), MarkReason.MovedOut), mark);
        var marked = mark!.ApplyTo(Entry);
        Assert.Equal(ElectorStatus.Marked, marked.StatusOn(Day.Of("2026-03-20")));
        Assert.Null(RegisterMaintenance.Due(person, marked, Day.Of("2026-07-15")));
        Assert.Equal(new DeleteChange(Day.Of("2026-07-16"), DeletionReason.FourMonthsAfterMoveOut), RegisterMaintenance.Due(person, marked, Day.Of("2026-07-16")));
    }

    [Fact]
    public void A_lost_right_is_marked_and_the_mark_removed_when_it_returns()
    {
        var person = Elector() with { Disqualifications = [new DisqualificationPeriod(Day.Of("2026-01-10"), Day.Of("2026-06-01"), DisqualificationBasis.Article11)] };
        var mark = RegisterMaintenance.Due(person, Entry, Day.Of("2026-02-01"));
        Assert.Equal(new MarkChange(Day.Of("2026-01-10"), MarkReason.LostVotingRight), mark);
        var marked = mark!.ApplyTo(Entry);
        Assert.Equal(ElectorStatus.Disqualified, marked.StatusOn(Day.Of("2026-02-01")));
        var clear = RegisterMaintenance.Due(person, marked, Day.Of("2026-06-01"));
        Assert.Equal(new ClearMarkChange(Day.Of("2026-06-01"), MarkReason.LostVotingRight), clear);
        Assert.Equal(ElectorStatus.Elector, clear!.ApplyTo(marked).StatusOn(Day.Of("2026-06-01")));
    }

    [Fact]
    public void A_deleted_entry_owes_nothing() =>
        Assert.Null(RegisterMaintenance.Due(Elector() with { DeathDate = Day.Of("2026-06-10") }, Entry.Delete(Day.Of("2026-06-10"), DeletionReason.Death), Day.Of("2026-07-01")));

    [Fact]
    public void An_entry_cannot_be_deleted_twice() =>
        Assert.Throws<InvalidOperationException>(() => Entry.Delete(Day.Of("2026-06-10"), DeletionReason.Death).Delete(Day.Of("2026-06-11"), DeletionReason.WronglyEntered));
}

using Senkyo.Domain.Register;

namespace Senkyo.Domain.Tests.Register;

/// <summary>在外選挙人名簿 (法30の2〜30の11, 法30の5 附則, 法30の6③): entry, the keeping commission, marks and deletions, voting.</summary>
public sealed class OverseasRegisterTests
{
    private const string Sakai = "271403";      // 最終住所地 and the commission deciding
    private const string Domicile = "131016";   // 本籍地
    private const string Consulate = "在ロサンゼルス総領事館";

    private static readonly DateOnly Birth = Day.Of("1990-04-10");

    private static PersonHistory Person() => new()
    {
        BirthDate = Birth,
        JapaneseNationality = [NationalityPeriod.FromBirth(Birth)],
        Residences = [new ResidencePeriod(Day.Of("2015-04-01"), Day.Of("2026-03-31"), MoveDestination.Abroad)],
    };

    // Left 堺市 for abroad on 3/31; abroad in one jurisdiction from the given day.
    private static OverseasHistory Abroad(string since = "2026-04-01") => new()
    {
        RegisteredDomicile = Domicile,
        DomesticAddresses = [new DomesticAddress(Sakai, Day.Of("2015-04-01"), Day.Of("2026-03-31"), MoveDestination.Abroad)],
        AddressesAbroad = [new AddressAbroad(Consulate, Day.Of(since))],
    };

    private static readonly RegisterRecord DomesticEntry = new(Day.Of("2015-07-02"), RegistrationReason.ThreeMonthsAfterMoveIn);

    private static readonly OverseasApplication AtConsulate = new(Day.Of("2026-05-10"), OverseasApplicationRoute.AtConsulate);

    private static readonly OverseasApplication AtDeparture = new(Day.Of("2026-03-20"), OverseasApplicationRoute.AtDeparture);

    // 衆議院: 公示 7/2, polling day 7/19.
    private static ElectionDates Election(ElectionLevel level) => new(level, Day.Of("2026-07-02"), Day.Of("2026-07-19"));

    private static OverseasRegistrationDecision Decide(OverseasApplication application, string asOf, OverseasHistory? history = null,
        PersonHistory? person = null, RegisterRecord? domestic = null, OverseasRegisterRecord? existing = null, string municipality = Sakai,
        params ElectionDates[] elections) =>
        OverseasRegistration.Evaluate(person ?? Person(), history ?? Abroad(), application, municipality, Day.Of(asOf), existing, domestic, elections);

    // --- which commission keeps the entry (法30の5①, 附則) ---

    public static TheoryData<string, string?, MoveDestination, string, RegisteringMunicipalityBasis> Keepers => new()
    {
        { "never on any 住民基本台帳", null, MoveDestination.Abroad, Domicile, RegisteringMunicipalityBasis.RegisteredDomicile },
        { "left for abroad 1994-04-30", "1994-04-30", MoveDestination.Abroad, Domicile, RegisteringMunicipalityBasis.RegisteredDomicile },
        { "left for abroad 1994-05-01", "1994-05-01", MoveDestination.Abroad, Sakai, RegisteringMunicipalityBasis.LastDomesticAddress },
        { "left for abroad 2026-03-31", "2026-03-31", MoveDestination.Abroad, Sakai, RegisteringMunicipalityBasis.LastDomesticAddress },
        { "no move abroad on record", "2026-03-31", MoveDestination.OtherPrefecture, Domicile, RegisteringMunicipalityBasis.RegisteredDomicile },
    };

    [Theory]
    [MemberData(nameof(Keepers))]
    public void The_keeping_commission_is_the_last_address_or_the_domicile(string _, string? leftOn, MoveDestination leftFor, string code, RegisteringMunicipalityBasis basis)
    {
        var history = new OverseasHistory
        {
            RegisteredDomicile = Domicile,
            DomesticAddresses = leftOn is null ? [] : [new DomesticAddress(Sakai, Day.Of("1980-01-01"), Day.Of(leftOn), leftFor)],
        };
        var keeper = OverseasRegistration.RegisteringMunicipalityFor(history, Day.Of("2026-06-01"));
        Assert.Equal(code, keeper.Code);
        Assert.Equal(basis, keeper.Basis);
        Assert.EndsWith("。", keeper.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void The_last_move_abroad_decides_after_a_return()
    {
        var history = new OverseasHistory
        {
            RegisteredDomicile = Domicile,
            DomesticAddresses =
            [
                new DomesticAddress(Sakai, Day.Of("2010-01-01"), Day.Of("2015-03-31"), MoveDestination.Abroad),
                new DomesticAddress("141003", Day.Of("2020-04-01"), Day.Of("2025-09-30"), MoveDestination.Abroad),
            ],
        };
        Assert.Equal("141003", OverseasRegistration.RegisteringMunicipalityFor(history, Day.Of("2026-06-01")).Code);
        Assert.Equal(Sakai, OverseasRegistration.RegisteringMunicipalityFor(history, Day.Of("2016-06-01")).Code);
    }

    // --- 在外公館申請: 引き続き三箇月以上 in the jurisdiction (法30の4①) ---

    [Theory]
    [InlineData("2026-04-01", "2026-06-30", false, "2026-07-01")] // from 4/1 the three months end 7/1
    [InlineData("2026-04-01", "2026-07-01", true, null)]
    [InlineData("2026-03-31", "2026-06-30", true, null)]
    [InlineData("2026-04-05", "2026-06-30", false, "2026-07-20")] // 3 months on 7/5 fall in the 衆議院 period: after polling day (法30の6③)
    public void At_a_consulate_three_months_in_the_jurisdiction(string since, string asOf, bool eligible, string? earliest)
    {
        var decision = Decide(AtConsulate, asOf, Abroad(since), elections: Election(ElectionLevel.National));
        Assert.Equal(eligible, decision.Eligible);
        Assert.Equal(eligible ? OverseasRegistrationRefusal.None : OverseasRegistrationRefusal.UnderThreeMonthsInJurisdiction, decision.Refusal);
        Assert.Equal(earliest is null ? null : Day.Of(earliest), decision.EarliestOn);
    }

    [Fact]
    public void A_move_to_another_jurisdiction_starts_the_three_months_again()
    {
        var history = Abroad() with
        {
            AddressesAbroad = [new AddressAbroad(Consulate, Day.Of("2025-01-01"), Day.Of("2026-05-31")), new AddressAbroad("在英国日本国大使館", Day.Of("2026-06-01"))],
        };
        var decision = Decide(AtConsulate, "2026-08-01", history);
        Assert.Equal(OverseasRegistrationRefusal.UnderThreeMonthsInJurisdiction, decision.Refusal);
        Assert.Equal(Day.Of("2026-09-01"), decision.EarliestOn);
        Assert.Contains("在英国日本国大使館", decision.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Back_in_Japan_there_is_no_address_abroad()
    {
        var history = Abroad() with
        {
            DomesticAddresses = [.. Abroad().DomesticAddresses, new DomesticAddress(Domicile, Day.Of("2026-09-01"))],
            AddressesAbroad = [new AddressAbroad(Consulate, Day.Of("2026-04-01"), Day.Of("2026-08-31"))],
        };
        Assert.Equal(OverseasRegistrationRefusal.NoAddressAbroad, Decide(AtConsulate, "2026-09-10", history).Refusal);
    }

    // --- no entry from 公示・告示 to polling day of a 衆議院・参議院 election (法30の6③) ---

    [Theory]
    [InlineData(ElectionLevel.National, "2026-07-01", true, null)]
    [InlineData(ElectionLevel.National, "2026-07-02", false, "2026-07-20")] // 公示日
    [InlineData(ElectionLevel.National, "2026-07-19", false, "2026-07-20")] // polling day itself
    [InlineData(ElectionLevel.National, "2026-07-20", true, null)]
    [InlineData(ElectionLevel.Prefectural, "2026-07-10", true, null)] // a local election does not stop entries
    [InlineData(ElectionLevel.Municipal, "2026-07-10", true, null)]
    public void No_entry_inside_a_national_election_period(ElectionLevel level, string asOf, bool eligible, string? earliest)
    {
        var decision = Decide(AtConsulate, asOf, elections: Election(level));
        Assert.Equal(eligible, decision.Eligible);
        Assert.Equal(eligible ? OverseasRegistrationRefusal.None : OverseasRegistrationRefusal.ElectionPeriod, decision.Refusal);
        Assert.Equal(earliest is null ? null : Day.Of(earliest), decision.EarliestOn);
    }

    // --- 出国時申請: 登録の移転 (法30の4②, 法30の5④, 法30の6②) ---

    [Theory]
    [InlineData("2026-03-20", "2026-04-01", true, OverseasRegistrationRefusal.None, null)]
    [InlineData("2026-03-31", "2026-04-01", true, OverseasRegistrationRefusal.None, null)] // filed on the 転出予定日
    [InlineData("2026-03-20", "2026-03-31", false, OverseasRegistrationRefusal.NoAddressAbroad, "2026-04-01")] // still resident on the move-out day
    [InlineData("2026-04-01", "2026-04-01", false, OverseasRegistrationRefusal.NotFiledAtDeparture, null)] // after the 転出予定日: 在外公館申請 instead
    public void At_departure_the_entry_moves_once_the_person_lives_abroad(string filed, string asOf, bool eligible, OverseasRegistrationRefusal refusal, string? earliest)
    {
        var application = new OverseasApplication(Day.Of(filed), OverseasApplicationRoute.AtDeparture);
        var decision = Decide(application, asOf, domestic: DomesticEntry);
        Assert.Equal(eligible, decision.Eligible);
        Assert.Equal(refusal, decision.Refusal);
        Assert.Equal(earliest is null ? null : Day.Of(earliest), decision.EarliestOn);
    }

    [Fact]
    public void A_transfer_deletes_the_domestic_entry_the_same_day_and_issues_the_card()
    {
        var decision = Decide(AtDeparture, "2026-04-01", domestic: DomesticEntry);
        var result = OverseasRegistration.Register(decision, AtDeparture, Sakai, Day.Of("2026-04-01"));

        Assert.Equal(new DeleteChange(Day.Of("2026-04-01"), DeletionReason.TransferredToOverseasRegister), result.DomesticDeletion);
        Assert.Equal(ElectorStatus.Elector, result.Entry.StatusOn(Day.Of("2026-04-01")));
        Assert.Equal(new OverseasElectorCard(Sakai, Day.Of("2026-04-01"), OverseasApplicationRoute.AtDeparture), result.Entry.Card);
        Assert.Contains("法30の6⑤", result.Entry.Card.DeliveredThrough, StringComparison.Ordinal);

        // The old entry, once the deletion is applied, no longer votes: 06 在外選挙人名簿への登録の移転.
        var old = result.DomesticDeletion!.ApplyTo(DomesticEntry.Mark(Day.Of("2026-04-01"), MarkReason.MovedOut));
        var atHome = VotingEligibility.Evaluate(Person(), old, Election(ElectionLevel.National), Day.Of("2026-07-19"));
        Assert.Equal(VotingRefusal.Deleted, atHome.Refusal);
        Assert.Contains("在外選挙人名簿への登録の移転", atHome.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void An_application_at_a_consulate_deletes_nothing_at_home()
    {
        var decision = Decide(AtConsulate, "2026-07-01");
        var result = OverseasRegistration.Register(decision, AtConsulate, Sakai, Day.Of("2026-07-01"));
        Assert.Null(result.DomesticDeletion);
        Assert.Contains("法30の6④", result.Entry.Card.DeliveredThrough, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => OverseasRegistration.Register(Decide(AtConsulate, "2026-06-01"), AtConsulate, Sakai, Day.Of("2026-06-01")));
    }

    [Fact]
    public void At_departure_needs_the_domestic_register_entry()
    {
        Assert.Equal(OverseasRegistrationRefusal.NotOnDomesticRegister, Decide(AtDeparture, "2026-04-01", domestic: null).Refusal);
        // 4 months after the move-out 法28 has deleted the domestic entry: nothing is left to transfer.
        var deleted = DomesticEntry.Delete(Day.Of("2026-08-01"), DeletionReason.FourMonthsAfterMoveOut);
        Assert.Equal(OverseasRegistrationRefusal.NotOnDomesticRegister, Decide(AtDeparture, "2026-08-01", domestic: deleted).Refusal);
    }

    // --- the person (法30の4: 日本国民, 満18年以上, 選挙権, not yet entered) ---

    public static TheoryData<string, OverseasRegistrationRefusal> PersonRefusals => new()
    {
        { "deceased", OverseasRegistrationRefusal.Deceased },
        { "naturalized elsewhere", OverseasRegistrationRefusal.NotJapaneseNational },
        { "under 18", OverseasRegistrationRefusal.UnderAge },
        { "公民権停止", OverseasRegistrationRefusal.Disqualified },
        { "already entered", OverseasRegistrationRefusal.AlreadyRegistered },
        { "another commission", OverseasRegistrationRefusal.WrongMunicipality },
    };

    [Theory]
    [MemberData(nameof(PersonRefusals))]
    public void Who_is_not_entered(string situation, OverseasRegistrationRefusal refusal)
    {
        var person = Person();
        OverseasRegisterRecord? existing = null;
        var municipality = Sakai;
        switch (situation)
        {
            case "deceased": person = person with { DeathDate = Day.Of("2026-06-20") }; break;
            case "naturalized elsewhere": person = person with { JapaneseNationality = [new NationalityPeriod(Birth, Day.Of("2026-06-01"))] }; break;
            case "under 18": person = person with { BirthDate = Day.Of("2008-07-20") }; break;
            case "公民権停止": person = person with { Disqualifications = [new DisqualificationPeriod(Day.Of("2026-01-01"), null, DisqualificationBasis.Article252)] }; break;
            case "already entered": existing = new OverseasRegisterRecord(Sakai, Day.Of("2026-04-01"), OverseasApplicationRoute.AtDeparture); break;
            default: municipality = Domicile; break;
        }

        var decision = Decide(AtConsulate, "2026-07-01", person: person, existing: existing, municipality: municipality);
        Assert.False(decision.Eligible);
        Assert.Equal(refusal, decision.Refusal);
        Assert.EndsWith("。", decision.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Under_18_is_entered_from_the_day_of_age()
    {
        var person = Person() with { BirthDate = Day.Of("2008-07-20") };
        var decision = Decide(AtConsulate, "2026-07-01", person: person);
        Assert.Equal(Day.Of("2026-07-19"), decision.EarliestOn);
        Assert.True(Decide(AtConsulate, "2026-07-19", person: person).Eligible);
    }

    [Fact]
    public void A_deleted_entry_does_not_block_a_new_application()
    {
        var old = new OverseasRegisterRecord(Sakai, Day.Of("2020-01-10"), OverseasApplicationRoute.AtConsulate).Delete(Day.Of("2024-05-01"), OverseasDeletionReason.FourMonthsAfterDomesticAddress);
        Assert.True(Decide(AtConsulate, "2026-07-01", existing: old).Eligible);
    }

    // --- 名簿の整理: 表示 (法30の10①) and 抹消 (法30の11①) ---

    private static readonly OverseasRegisterRecord Entered = new(Sakai, Day.Of("2026-07-01"), OverseasApplicationRoute.AtConsulate);

    /// <summary>Apply every change owed as of <paramref name="asOf"/>, as a clerk would on that day.</summary>
    private static OverseasRegisterRecord Settle(PersonHistory person, OverseasHistory history, OverseasRegisterRecord entry, string asOf)
    {
        for (var i = 0; i < 10 && OverseasRegisterMaintenance.Due(person, history, entry, Day.Of(asOf)) is { } change; i++)
        {
            entry = change.ApplyTo(entry);
        }

        return entry;
    }

    private static OverseasHistory Returned(string municipality, string since, string? leftOn = null, MoveDestination leftFor = MoveDestination.Abroad) => Abroad() with
    {
        DomesticAddresses = [.. Abroad().DomesticAddresses, new DomesticAddress(municipality, Day.Of(since), leftOn is null ? null : Day.Of(leftOn), leftFor)],
        AddressesAbroad = [new AddressAbroad(Consulate, Day.Of("2026-04-01"), Day.Of(since).AddDays(-1))],
    };

    // Back in Japan on 2027-02-10: the four months end on 6/10, so 抹消 from 6/11.
    public static TheoryData<string, string, string?, MoveDestination, string, ElectorStatus, OverseasDeletionReason?> Returns => new()
    {
        { "back in another city, day of the 住定日", Domicile, null, MoveDestination.Abroad, "2027-02-10", ElectorStatus.Marked, null },
        { "back in another city, last day of 4 months", Domicile, null, MoveDestination.Abroad, "2027-06-10", ElectorStatus.Marked, null },
        { "back in another city, 4 months passed", Domicile, null, MoveDestination.Abroad, "2027-06-11", ElectorStatus.Deleted, OverseasDeletionReason.FourMonthsAfterDomesticAddress },
        { "back here, straight abroad again within 4 months", Sakai, "2027-05-01", MoveDestination.Abroad, "2027-07-01", ElectorStatus.Elector, null },
        { "back here, abroad on the last day of 4 months", Sakai, "2027-06-10", MoveDestination.Abroad, "2027-07-01", ElectorStatus.Elector, null },
        { "back here, abroad the day after 4 months", Sakai, "2027-06-11", MoveDestination.Abroad, "2027-07-01", ElectorStatus.Deleted, OverseasDeletionReason.FourMonthsAfterDomesticAddress },
        { "back here, then to another city in Japan", Sakai, "2027-05-01", MoveDestination.SamePrefecture, "2027-07-01", ElectorStatus.Deleted, OverseasDeletionReason.FourMonthsAfterDomesticAddress },
        { "back in another city, straight abroad again", Domicile, "2027-05-01", MoveDestination.Abroad, "2027-07-01", ElectorStatus.Deleted, OverseasDeletionReason.FourMonthsAfterDomesticAddress },
    };

    [Theory]
    [MemberData(nameof(Returns))]
    public void A_return_to_Japan_marks_then_deletes_after_four_months(string _, string municipality, string? leftOn, MoveDestination leftFor, string asOf, ElectorStatus status, OverseasDeletionReason? deletion)
    {
        var history = Returned(municipality, "2027-02-10", leftOn, leftFor);
        var entry = Entered;
        // A clerk who follows the register day by day from the return.
        for (var day = Day.Of("2027-02-10"); day <= Day.Of(asOf); day = day.AddDays(1))
        {
            entry = Settle(Person(), history, entry, day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(status, entry.StatusOn(Day.Of(asOf)));
        Assert.Equal(deletion, entry.Deletion?.Reason);
        if (deletion is not null)
        {
            Assert.Equal(Day.Of("2027-06-11"), entry.Deletion!.DeletedOn);
        }

        Assert.Equal(Day.Of("2027-02-10"), Assert.Single(entry.Marks, m => m.Reason == OverseasMarkReason.DomesticAddress).MarkedOn);
    }

    [Fact]
    public void A_clerk_who_catches_up_late_dates_the_changes_by_the_facts()
    {
        var entry = Settle(Person(), Returned(Domicile, "2027-02-10"), Entered, "2027-09-01");
        Assert.Equal(new OverseasRegisterDeletion(Day.Of("2027-06-11"), OverseasDeletionReason.FourMonthsAfterDomesticAddress), entry.Deletion);
    }

    [Theory]
    [InlineData("death", OverseasDeletionReason.Death, "2027-03-03")]
    [InlineData("nationality", OverseasDeletionReason.NationalityLost, "2027-03-01")]
    public void Death_and_loss_of_nationality_delete(string fact, OverseasDeletionReason reason, string on)
    {
        var person = fact == "death"
            ? Person() with { DeathDate = Day.Of("2027-03-03") }
            : Person() with { JapaneseNationality = [new NationalityPeriod(Birth, Day.Of("2027-03-01"))] };
        var change = OverseasRegisterMaintenance.Due(person, Abroad(), Entered, Day.Of("2027-04-01"));
        Assert.Equal(new OverseasDeleteChange(Day.Of(on), reason), change);
    }

    [Fact]
    public void Loss_of_the_right_marks_and_its_return_clears()
    {
        var person = Person() with { Disqualifications = [new DisqualificationPeriod(Day.Of("2027-01-15"), Day.Of("2028-01-15"), DisqualificationBasis.Article252)] };
        var marked = Settle(person, Abroad(), Entered, "2027-02-01");
        Assert.Equal(ElectorStatus.Disqualified, marked.StatusOn(Day.Of("2027-02-01")));
        Assert.Null(OverseasRegisterMaintenance.Due(person, Abroad(), marked, Day.Of("2027-06-01")));
        var cleared = Settle(person, Abroad(), marked, "2028-01-15");
        Assert.Equal(ElectorStatus.Elector, cleared.StatusOn(Day.Of("2028-01-15")));
    }

    [Fact]
    public void Nothing_is_owed_before_the_entry_or_after_its_deletion()
    {
        Assert.Null(OverseasRegisterMaintenance.Due(Person(), Abroad(), Entered, Day.Of("2026-06-30")));
        Assert.Null(OverseasRegisterMaintenance.Due(Person(), Abroad(), Entered, Day.Of("2030-01-01")));
        var deleted = Entered.Delete(Day.Of("2027-01-01"), OverseasDeletionReason.WronglyEntered);
        Assert.Null(OverseasRegisterMaintenance.Due(Person() with { DeathDate = Day.Of("2028-01-01") }, Abroad(), deleted, Day.Of("2029-01-01")));
    }

    // --- voting on a day (national elections only) ---

    public static TheoryData<string, ElectionLevel, bool, VotingRefusal, ElectorStatus> Votes => new()
    {
        { "elector", ElectionLevel.National, true, VotingRefusal.None, ElectorStatus.Elector },
        { "elector", ElectionLevel.Prefectural, false, VotingRefusal.NationalElectionsOnly, ElectorStatus.Elector },
        { "elector", ElectionLevel.Municipal, false, VotingRefusal.NationalElectionsOnly, ElectorStatus.Elector },
        { "back in Japan, within 4 months", ElectionLevel.National, true, VotingRefusal.None, ElectorStatus.Marked },
        { "back in Japan, within 4 months", ElectionLevel.Municipal, false, VotingRefusal.NationalElectionsOnly, ElectorStatus.Marked },
        { "back in Japan, on the register there", ElectionLevel.National, false, VotingRefusal.OnDomesticRegister, ElectorStatus.Marked },
        { "deleted", ElectionLevel.National, false, VotingRefusal.Deleted, ElectorStatus.Deleted },
        { "not entered yet", ElectionLevel.National, false, VotingRefusal.NotRegistered, ElectorStatus.None },
        { "失権", ElectionLevel.National, false, VotingRefusal.Disqualified, ElectorStatus.Disqualified },
    };

    [Theory]
    [MemberData(nameof(Votes))]
    public void An_overseas_elector_votes_in_national_elections_only(string situation, ElectionLevel level, bool canVote, VotingRefusal refusal, ElectorStatus status)
    {
        var entry = new OverseasRegisterRecord(Sakai, Day.Of("2026-01-10"), OverseasApplicationRoute.AtConsulate);
        RegisterRecord? domestic = null;
        switch (situation)
        {
            case "back in Japan, within 4 months": entry = entry.Mark(Day.Of("2026-05-01"), OverseasMarkReason.DomesticAddress); break;
            case "back in Japan, on the register there":
                entry = entry.Mark(Day.Of("2026-03-25"), OverseasMarkReason.DomesticAddress);
                domestic = new RegisterRecord(Day.Of("2026-07-01"), RegistrationReason.ThreeMonthsAfterMoveIn); // 選挙時登録 before 公示
                break;
            case "deleted": entry = entry.Delete(Day.Of("2026-07-10"), OverseasDeletionReason.FourMonthsAfterDomesticAddress); break;
            case "not entered yet": entry = new OverseasRegisterRecord(Sakai, Day.Of("2026-07-20"), OverseasApplicationRoute.AtConsulate); break;
            case "失権": entry = entry.Mark(Day.Of("2026-02-01"), OverseasMarkReason.LostVotingRight); break;
            default: break;
        }

        var decision = OverseasVotingEligibility.Evaluate(Person(), entry, Election(level), Day.Of("2026-07-19"), domestic);
        Assert.Equal(canVote, decision.CanVote);
        Assert.Equal(refusal, decision.Refusal);
        Assert.Equal(status, decision.RegisterStatus);
        Assert.False(decision.NeedsProofOfResidenceInPrefecture);
        Assert.StartsWith(canVote ? "この日は投票できます（在外選挙人証の提示が必要です" : "この日は投票できません：", decision.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void The_explanations_read_plainly()
    {
        var entry = new OverseasRegisterRecord(Sakai, Day.Of("2026-01-10"), OverseasApplicationRoute.AtConsulate);
        Assert.Equal("この日は投票できます（在外選挙人証の提示が必要です）。",
            OverseasVotingEligibility.Evaluate(Person(), entry, Election(ElectionLevel.National), Day.Of("2026-07-19")).Explanation);
        Assert.Equal(
            "この日は投票できません：在外選挙人名簿に登録されている方が投票できるのは衆議院・参議院の選挙と最高裁判所裁判官国民審査だけです。" +
            "市区町村の選挙の選挙権はありません（法9②③）。",
            OverseasVotingEligibility.Evaluate(Person(), entry, Election(ElectionLevel.Municipal), Day.Of("2026-07-19")).Explanation);
        var marked = entry.Mark(Day.Of("2026-05-01"), OverseasMarkReason.DomesticAddress);
        Assert.Equal(
            "この日は投票できます（在外選挙人証の提示が必要です。令和8年5月1日に国内に住所を定めたため、国内の選挙人名簿に登録されるまでの間に限ります：法30の10①・法30の11①二）。",
            OverseasVotingEligibility.Evaluate(Person(), marked, Election(ElectionLevel.National), Day.Of("2026-07-19")).Explanation);
        var deleted = entry.Delete(Day.Of("2026-07-10"), OverseasDeletionReason.FourMonthsAfterDomesticAddress);
        Assert.Equal(
            "この日は投票できません：在外選挙人名簿から抹消されています（国内転入4か月経過、令和8年7月10日、法30の11①）。在外選挙人証は使えません。",
            OverseasVotingEligibility.Evaluate(Person(), deleted, Election(ElectionLevel.National), Day.Of("2026-07-19")).Explanation);
    }

    [Fact]
    public void Judged_on_the_day_a_deletion_or_death_inside_early_voting_counts_from_its_date()
    {
        var election = Election(ElectionLevel.National);
        var entry = new OverseasRegisterRecord(Sakai, Day.Of("2026-01-10"), OverseasApplicationRoute.AtConsulate)
            .Mark(Day.Of("2026-03-09"), OverseasMarkReason.DomesticAddress)
            .Delete(Day.Of("2026-07-10"), OverseasDeletionReason.FourMonthsAfterDomesticAddress);
        Assert.True(OverseasVotingEligibility.Evaluate(Person(), entry, election, Day.Of("2026-07-09")).CanVote);
        Assert.Equal(VotingRefusal.Deleted, OverseasVotingEligibility.Evaluate(Person(), entry, election, Day.Of("2026-07-10")).Refusal);

        var clean = new OverseasRegisterRecord(Sakai, Day.Of("2026-01-10"), OverseasApplicationRoute.AtConsulate);
        var dying = Person() with { DeathDate = Day.Of("2026-07-12") };
        Assert.True(OverseasVotingEligibility.Evaluate(dying, clean, election, Day.Of("2026-07-11")).CanVote);
        Assert.Equal(VotingRefusal.Deceased, OverseasVotingEligibility.Evaluate(dying, clean, election, Day.Of("2026-07-12")).Refusal);

        Assert.Equal(VotingRefusal.OutsideVotingPeriod, OverseasVotingEligibility.Evaluate(Person(), clean, election, Day.Of("2026-07-02")).Refusal);
        Assert.Equal(VotingRefusal.OutsideVotingPeriod, OverseasVotingEligibility.Evaluate(Person(), clean, election, Day.Of("2026-07-20")).Refusal);
    }
}

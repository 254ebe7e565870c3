using Senkyo.Domain.Dates;

namespace Senkyo.Domain.Register;

/// <summary>Which commission keeps an overseas elector's entry (法30の5①, 附則).</summary>
public enum RegisteringMunicipalityBasis
{
    /// <summary>最終住所地: the municipality of the last domestic address before going abroad.</summary>
    LastDomesticAddress = 1,

    /// <summary>本籍地: never on any 住民基本台帳, or not on one since 平成6年5月1日 (附則).</summary>
    RegisteredDomicile = 2,
}

/// <summary>The commission that keeps the entry, and why (Japanese, for the screen).</summary>
public sealed record RegisteringMunicipality(string Code, RegisteringMunicipalityBasis Basis, string Explanation);

/// <summary>Why an overseas application is not (yet) entered.</summary>
public enum OverseasRegistrationRefusal
{
    None,
    Deceased,
    NotJapaneseNational,
    UnderAge,
    Disqualified,

    /// <summary>Already on a 在外選挙人名簿 (法30の4: only one not yet registered is entered).</summary>
    AlreadyRegistered,

    /// <summary>No address abroad that day (still on a 住民基本台帳 in Japan, or abroad not yet begun).</summary>
    NoAddressAbroad,

    /// <summary>Abroad in this consular jurisdiction fewer than 引き続き三箇月 (法30の4①).</summary>
    UnderThreeMonthsInJurisdiction,

    /// <summary>From a national election's 公示・告示 to its polling day no entry is made (法30の6③).</summary>
    ElectionPeriod,

    /// <summary>出国時申請 by one not on this municipality's 選挙人名簿 (法30の4②).</summary>
    NotOnDomesticRegister,

    /// <summary>出国時申請 filed after the 転出予定日, or with no 国外転出 on record.</summary>
    NotFiledAtDeparture,

    /// <summary>The application belongs to another commission (法30の5①).</summary>
    WrongMunicipality,
}

/// <summary>
/// The answer of <see cref="OverseasRegistration.Evaluate"/>. <see cref="EarliestOn"/> is set when the
/// application can be entered later without a new one (the 3 months abroad, the day after the move-out, the day
/// after polling day): the consulate or the commission keeps it until then.
/// </summary>
public sealed record OverseasRegistrationDecision(bool Eligible, OverseasRegistrationRefusal Refusal, DateOnly? EarliestOn, string Explanation);

/// <summary>A filed application for the 在外選挙人名簿 (在外選挙人名簿登録申請 / 登録移転申請, 法30の5).</summary>
public sealed record OverseasApplication(DateOnly FiledOn, OverseasApplicationRoute Route);

/// <summary>
/// The outcome of an entry: the new overseas entry with its 在外選挙人証 and, for a 登録の移転, the 抹消 of the
/// 選挙人名簿 entry it replaces (06 在外選挙人名簿への登録の移転: removed and entered at once, 平成28年改正).
/// </summary>
public sealed record OverseasRegistrationResult(OverseasRegisterRecord Entry, DeleteChange? DomesticDeletion);

/// <summary>
/// 在外選挙人名簿の登録 (法30の4〜30の6): who is entered, when, and by which commission. Entry is on application
/// only. 在外公館申請 (法30の4①): a Japanese national 満18年以上, not without 選挙権 (法11①, 法252), not yet on a
/// 在外選挙人名簿, living in the consul's jurisdiction 引き続き三箇月以上 — the consulate may take the application
/// earlier and forward it once the 3 months are met. 出国時申請 (法30の4②): the same person on the 選挙人名簿 of the
/// 最終住所 municipality, once they have an address abroad; filed from the 国外転出届 to the 転出予定日. No entry
/// or transfer from a 衆議院・参議院 election's 公示・告示日 to its polling day (法30の6③).
/// </summary>
/// <remarks>
/// The application window of the 出国時申請 and the transfer on the day after the 転出予定日 (the first day with an
/// address abroad) follow the commissions' published practice; 法30の5④ itself was not retrieved (verify).
/// Age is judged on the day of entry: 法30の4 has no polling-day rule like 法22③.
/// </remarks>
public static class OverseasRegistration
{
    /// <summary>政令で定める日 of the 附則 (平成6年5月1日): recorded on no 住民基本台帳 since → 本籍地.</summary>
    public static readonly DateOnly LastAddressRuleFrom = new(1994, 5, 1);

    /// <summary>
    /// 法30の5①: the commission of the 最終住所; for one never on any 住民基本台帳, the 本籍地 at the time of the
    /// application; by the 附則, also the 本籍地 for one on none since 平成6年5月1日.
    /// </summary>
    public static RegisteringMunicipality RegisteringMunicipalityFor(OverseasHistory history, DateOnly applicationDay)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.LastAddressBeforeGoingAbroad(applicationDay) is { } last)
        {
            return last.LeftOn!.Value >= LastAddressRuleFrom
                ? new RegisteringMunicipality(last.Municipality, RegisteringMunicipalityBasis.LastDomesticAddress,
                    "国外へ転出する直前の住所地（最終住所地）の選挙管理委員会に登録されます（法30の5①）。")
                : new RegisteringMunicipality(history.RegisteredDomicile, RegisteringMunicipalityBasis.RegisteredDomicile,
                    "平成6年5月1日以後に住民基本台帳に記録されたことがないため、本籍地の選挙管理委員会に登録されます（法附則）。");
        }

        return history.DomesticAddresses.IsEmpty
            ? new RegisteringMunicipality(history.RegisteredDomicile, RegisteringMunicipalityBasis.RegisteredDomicile,
                "いずれの市町村の住民基本台帳にも記録されたことがないため、本籍地の選挙管理委員会に登録されます（法30の5①）。")
            : new RegisteringMunicipality(history.RegisteredDomicile, RegisteringMunicipalityBasis.RegisteredDomicile,
                "国外転出の記録がないため最終住所地が定まりません。本籍地の選挙管理委員会に申請されています（法30の5①、戸籍の附票を確認してください）。");
    }

    /// <param name="person">Birth, nationality, death, 失権.</param>
    /// <param name="history">本籍地, domestic addresses, addresses abroad.</param>
    /// <param name="application">The filed application.</param>
    /// <param name="municipality">全国地方公共団体コード of the commission deciding.</param>
    /// <param name="asOf">The day the commission would enter the person.</param>
    /// <param name="existing">The person's entry on this 在外選挙人名簿, if any.</param>
    /// <param name="domesticEntry">The person's entry on this municipality's 選挙人名簿 (needed for a 出国時申請).</param>
    /// <param name="nationalElections">衆議院・参議院 elections whose periods block entries (法30の6③).</param>
    public static OverseasRegistrationDecision Evaluate(
        PersonHistory person,
        OverseasHistory history,
        OverseasApplication application,
        string municipality,
        DateOnly asOf,
        OverseasRegisterRecord? existing,
        RegisterRecord? domesticEntry,
        IEnumerable<ElectionDates> nationalElections)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(nationalElections);

        if (!person.IsAliveOn(asOf))
        {
            return Refuse(OverseasRegistrationRefusal.Deceased, "死亡しているため登録されません。");
        }

        if (!person.IsJapaneseNationalOn(asOf))
        {
            return Refuse(OverseasRegistrationRefusal.NotJapaneseNational, "日本国民でないため登録されません（法30の4）。");
        }

        if (!AgeRule.IsOfVotingAge(person.BirthDate, asOf))
        {
            var of18 = AgeRule.FirstDayOfAge(person.BirthDate, AgeRule.VotingAge);
            return Refuse(OverseasRegistrationRefusal.UnderAge, $"満18歳に達していないため登録されません（{Wareki.Format(of18)}から登録できます、法30の4）。", of18);
        }

        if (person.IsDisqualifiedOn(asOf))
        {
            return Refuse(OverseasRegistrationRefusal.Disqualified, "選挙権を有しない期間中のため登録されません（法30の4①、法11①・法252）。");
        }

        if (existing is { } entry && entry.StatusOn(asOf) is not (ElectorStatus.None or ElectorStatus.Deleted))
        {
            return Refuse(OverseasRegistrationRefusal.AlreadyRegistered,
                $"既に在外選挙人名簿に登録されています（{Wareki.Format(entry.RegisteredOn)}登録、法30の4）。");
        }

        // A 出国時申請 is filed before the move abroad it anticipates: the 最終住所 is judged on the day of entry.
        var keeper = RegisteringMunicipalityFor(history, application.FiledOn > asOf ? application.FiledOn : asOf);
        if (!string.Equals(keeper.Code, municipality, StringComparison.Ordinal))
        {
            return Refuse(OverseasRegistrationRefusal.WrongMunicipality,
                $"この申請は全国地方公共団体コード{keeper.Code}の選挙管理委員会が扱います。" + keeper.Explanation);
        }

        var blocking = nationalElections.Where(e => e.Level == ElectionLevel.National).ToList();
        var route = application.Route == OverseasApplicationRoute.AtConsulate
            ? AtConsulate(history, asOf)
            : AtDeparture(history, application, asOf, domesticEntry);
        if (!route.Eligible)
        {
            return route.EarliestOn is { } later ? route with { EarliestOn = OutsideElectionPeriods(later, blocking) } : route;
        }

        var on = OutsideElectionPeriods(asOf, blocking);
        if (on != asOf)
        {
            return Refuse(OverseasRegistrationRefusal.ElectionPeriod,
                $"衆議院・参議院の選挙の公示・告示日から選挙の期日までは登録しません（法30の6③）。{Wareki.Format(on)}以後に登録します。", on);
        }

        return route;
    }

    /// <summary>Make the entry a positive decision allows: the 在外選挙人名簿 entry and, for a 登録の移転, the 選挙人名簿 deletion.</summary>
    public static OverseasRegistrationResult Register(OverseasRegistrationDecision decision, OverseasApplication application, string municipality, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(application);
        if (!decision.Eligible)
        {
            throw new InvalidOperationException("Only an eligible application is entered: " + decision.Explanation);
        }

        var entry = new OverseasRegisterRecord(municipality, on, application.Route);
        return new OverseasRegistrationResult(entry,
            application.Route == OverseasApplicationRoute.AtDeparture ? new DeleteChange(on, DeletionReason.TransferredToOverseasRegister) : null);
    }

    /// <summary>The first day from <paramref name="day"/> outside every 公示・告示日〜選挙の期日 (法30の6③).</summary>
    private static DateOnly OutsideElectionPeriods(DateOnly day, List<ElectionDates> elections)
    {
        while (elections.FirstOrDefault(e => day >= e.AnnouncementDay && day <= e.PollingDay) is { } election)
        {
            day = election.PollingDay.AddDays(1);
        }

        return day;
    }

    private static OverseasRegistrationDecision AtConsulate(OverseasHistory history, DateOnly asOf)
    {
        if (history.AddressAbroadOn(asOf) is not { } abroad || history.DomesticAddressOn(asOf) is not null)
        {
            return Refuse(OverseasRegistrationRefusal.NoAddressAbroad, "国外に住所を有していないため登録されません（国内の住民基本台帳に記録されている間は申請できません）。");
        }

        var complete = abroad.ThreeMonthsCompleteOn;
        if (complete > asOf)
        {
            return Refuse(OverseasRegistrationRefusal.UnderThreeMonthsInJurisdiction,
                $"{abroad.ConsularJurisdiction}の管轄区域内に住所を定めてから3か月たっていないため、まだ登録されません（{Wareki.Format(complete)}に3か月となります、法30の4①）。", complete);
        }

        return new OverseasRegistrationDecision(true, OverseasRegistrationRefusal.None, null,
            "在外選挙人名簿に登録し、在外選挙人証を交付します（在外公館申請、法30の4①・法30の6①④）。");
    }

    private static OverseasRegistrationDecision AtDeparture(OverseasHistory history, OverseasApplication application, DateOnly asOf, RegisterRecord? domesticEntry)
    {
        if (history.DomesticAddresses.LastOrDefault(a => a.LeftFor == MoveDestination.Abroad && a.LeftOn >= application.FiledOn) is not { } leaving
            || leaving.Since > application.FiledOn)
        {
            return Refuse(OverseasRegistrationRefusal.NotFiledAtDeparture,
                "出国時申請は国外への転出届を出してから転出予定日までにします。出国後は在外公館で申請してください（法30の5）。");
        }

        var movedOut = leaving.LeftOn!.Value;
        if (domesticEntry is null || domesticEntry.StatusOn(asOf) is ElectorStatus.None or ElectorStatus.Deleted)
        {
            return Refuse(OverseasRegistrationRefusal.NotOnDomesticRegister,
                "最終住所地の選挙人名簿に登録されていないため、登録の移転はできません（法30の4②）。在外公館で申請してください。");
        }

        if (asOf <= movedOut || history.DomesticAddressOn(asOf) is not null)
        {
            return Refuse(OverseasRegistrationRefusal.NoAddressAbroad,
                $"まだ国外に住所を有していないため、転出予定日（{Wareki.Format(movedOut)}）の翌日以後に登録の移転をします（法30の4②）。", movedOut.AddDays(1));
        }

        return new OverseasRegistrationDecision(true, OverseasRegistrationRefusal.None, null,
            "選挙人名簿から在外選挙人名簿へ登録を移転し、在外選挙人証を交付します（出国時申請、法30の4②・法30の6②⑤）。");
    }

    private static OverseasRegistrationDecision Refuse(OverseasRegistrationRefusal refusal, string explanation, DateOnly? earliestOn = null) =>
        new(false, refusal, earliestOn, explanation);
}

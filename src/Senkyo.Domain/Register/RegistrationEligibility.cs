namespace Senkyo.Domain.Register;

/// <summary>On which rule a person qualifies for the register.</summary>
public enum RegistrationBasis
{
    /// <summary>法21①: resident here, 3 months continuously on the 住民基本台帳.</summary>
    Resident,

    /// <summary>法21②: moved out before being registered, after 3 months here, fewer than 4 months ago.</summary>
    MovedOutBeforeRegistration,
}

/// <summary>Why a person does not qualify for the register.</summary>
public enum RegistrationRefusal
{
    None,
    Deceased,
    NotJapaneseNational,
    UnderAge,
    Disqualified,
    NotResident,
    ResidenceUnderThreeMonths,
    MovedOutUnderThreeMonths,
    FourMonthsSinceMoveOut,
}

/// <summary>
/// The answer of <see cref="RegistrationEligibility"/>. <paramref name="On"/> is the day its explanation names: the day
/// age was judged for <see cref="RegistrationRefusal.UnderAge"/>, the day the 3 months complete for
/// <see cref="RegistrationRefusal.ResidenceUnderThreeMonths"/>. The plain Japanese <see cref="Explanation"/> is worded
/// when it is read: an import or a registration run judges every resident of a city and shows none of the wording.
/// </summary>
public sealed record RegistrationDecision(bool Eligible, RegistrationBasis? Basis, RegistrationReason? Reason, RegistrationRefusal Refusal, DateOnly? On = null)
{
    /// <summary>The day the explanation names; required by the two refusals whose wording gives a date.</summary>
    public DateOnly? On { get; } = On is null && Refusal is RegistrationRefusal.UnderAge or RegistrationRefusal.ResidenceUnderThreeMonths
        ? throw new ArgumentNullException(nameof(On), $"{Refusal} names a day; give it.")
        : On;

    public string Explanation => Refusal switch
    {
        RegistrationRefusal.None when Basis == RegistrationBasis.MovedOutBeforeRegistration =>
            "転出前に3か月以上記録されており、転出後4か月を経過していないため、旧住所地で登録されます（法21②）。",
        RegistrationRefusal.None => "登録の資格があります（法21①）。",
        RegistrationRefusal.Deceased => "死亡しているため登録されません。",
        RegistrationRefusal.NotJapaneseNational => "日本国民でないため登録されません（法21①）。",
        RegistrationRefusal.UnderAge => $"{Dates.Wareki.Format(On!.Value)}現在で満18歳に達していないため登録されません。",
        RegistrationRefusal.Disqualified => "選挙権を有しない期間中のため登録されません（法11①・法252）。",
        RegistrationRefusal.NotResident => "この市区町村の住民基本台帳に記録されていないため登録されません。",
        RegistrationRefusal.ResidenceUnderThreeMonths =>
            $"住民基本台帳に記録されてから3か月たっていないため登録されません（{Dates.Wareki.Format(On!.Value)}に3か月となります）。",
        RegistrationRefusal.MovedOutUnderThreeMonths => "3か月たつ前に転出したため登録されません。",
        RegistrationRefusal.FourMonthsSinceMoveOut => "転出してから4か月を経過しているため登録されません。",
        _ => throw new InvalidOperationException($"No wording for {Refusal}."),
    };
}

/// <summary>
/// 被登録資格 (法21): who is to be on this municipality's 選挙人名簿 as of a reference date (基準日).
/// ① A Japanese national aged 満18年以上, not without 選挙権 under 法11①・法252, on this
/// municipality's 住民基本台帳 for 引き続き三箇月以上 counted from the 住定日; ② also one who moved
/// out before being registered, had those 3 months here, and for whom 4 months have not yet passed
/// since the move-out (平成28年改正, <see cref="MovedOutBeforeRegistration"/>) — including one who
/// has since moved back but is not yet 3 months on the 住民基本台帳 again.
/// </summary>
/// <remarks>
/// "3 months" is a period in months under 民法140・143 (see <see cref="Dates.LegalPeriod"/>): from a
/// 住定日 of 6月1日 the three months end on 9月1日, so the person qualifies on a 基準日 of 9月1日 and a
/// 住定日 of 6月2日 does not. This matches the practice of the 選挙管理委員会 ("基準日の3か月前の日
/// までに転入届をした人"). Age may be judged on another day than residence: on polling day for
/// 選挙時登録 and for a periodic registration inside an election period (法22②③).
/// </remarks>
public static class RegistrationEligibility
{
    /// <param name="person">The person's history.</param>
    /// <param name="referenceDate">The 基準日 at which residence, nationality and life are judged.</param>
    /// <param name="ageReferenceDate">The day age is judged (default: <paramref name="referenceDate"/>).</param>
    public static RegistrationDecision Evaluate(PersonHistory person, DateOnly referenceDate, DateOnly? ageReferenceDate = null)
    {
        ArgumentNullException.ThrowIfNull(person);
        var ageDate = ageReferenceDate ?? referenceDate;
        if (!person.IsAliveOn(referenceDate))
        {
            return Refuse(RegistrationRefusal.Deceased);
        }

        if (!person.IsJapaneseNationalOn(referenceDate))
        {
            return Refuse(RegistrationRefusal.NotJapaneseNational);
        }

        if (!AgeRule.IsOfVotingAge(person.BirthDate, ageDate))
        {
            return Refuse(RegistrationRefusal.UnderAge, ageDate);
        }

        if (person.IsDisqualifiedOn(referenceDate))
        {
            return Refuse(RegistrationRefusal.Disqualified);
        }

        if (person.ResidenceOn(referenceDate) is { } residence)
        {
            var complete = residence.ThreeMonthsCompleteOn;
            if (complete > referenceDate)
            {
                // A returner (A市→B市→A市) not yet 3 months back is also one who moved out of here:
                // 法21② still registers them while the 4 months after that move-out last.
                var returner = MovedOutBeforeRegistration.Evaluate(person, referenceDate);
                return returner.Eligible
                    ? returner
                    : Refuse(RegistrationRefusal.ResidenceUnderThreeMonths, complete);
            }

            var reason = AgeRule.FirstDayOfAge(person.BirthDate, AgeRule.VotingAge) > complete
                ? RegistrationReason.CameOfAge
                : RegistrationReason.ThreeMonthsAfterMoveIn;
            return new RegistrationDecision(true, RegistrationBasis.Resident, reason, RegistrationRefusal.None);
        }

        return MovedOutBeforeRegistration.Evaluate(person, referenceDate);
    }

    internal static RegistrationDecision Refuse(RegistrationRefusal refusal, DateOnly? on = null) => new(false, null, null, refusal, on);
}

/// <summary>
/// 転出者の旧住所地での登録 (法21②, 平成28年改正): a person who moved out of the municipality
/// before being registered is registered at the old place if they had been on its 住民基本台帳 for
/// 引き続き三箇月以上 and 4 months have not passed since the day they ceased to have an address
/// there. Applies only to a person not yet on this register; the caller checks that. Nationality,
/// age, life and 選挙権 are checked by <see cref="RegistrationEligibility"/> before this.
/// </summary>
public static class MovedOutBeforeRegistration
{
    public static RegistrationDecision Evaluate(PersonHistory person, DateOnly referenceDate)
    {
        ArgumentNullException.ThrowIfNull(person);
        if (person.LastResidenceEndedBefore(referenceDate) is not { } previous)
        {
            return RegistrationEligibility.Refuse(RegistrationRefusal.NotResident);
        }

        if (previous.ThreeMonthsCompleteOn > previous.MovedOutOn!.Value)
        {
            return RegistrationEligibility.Refuse(RegistrationRefusal.MovedOutUnderThreeMonths);
        }

        if (referenceDate > previous.LastDayWithinFourMonthsOfMoveOut!.Value)
        {
            return RegistrationEligibility.Refuse(RegistrationRefusal.FourMonthsSinceMoveOut);
        }

        return new RegistrationDecision(true, RegistrationBasis.MovedOutBeforeRegistration, RegistrationReason.ThreeMonthsAfterMoveIn, RegistrationRefusal.None);
    }
}

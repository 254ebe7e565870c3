using System.Globalization;
using Senkyo.Domain.Dates;

namespace Senkyo.Domain.Register;

/// <summary>Why a person may not vote on a given day.</summary>
public enum VotingRefusal
{
    None,
    OutsideVotingPeriod,
    Deceased,
    NotJapaneseNational,
    UnderAge,
    Disqualified,
    NotRegistered,
    Deleted,
    FourMonthsSinceMoveOut,
    MovedOutOfPrefecture,
    MovedOutOfMunicipality,

    /// <summary>Moved out and came back, and the new residence has not lasted 引き続き三箇月 (法9②).</summary>
    ReturnedUnderThreeMonths,

    /// <summary>Moved abroad (国外転出): not at the old place; the 在外選挙人名簿 serves (法30の2〜).</summary>
    MovedAbroad,

    /// <summary>The register still carries a 失権 mark although the right has returned: clear it first (令16).</summary>
    StaleDisqualificationMark,

    /// <summary>An overseas elector (在外選挙人名簿) and a prefectural or municipal election: national elections only (法9②, 法30の2〜).</summary>
    NationalElectionsOnly,

    /// <summary>An overseas elector back in Japan who is now on a 選挙人名簿 there: votes on that register instead.</summary>
    OnDomesticRegister,
}

/// <summary>
/// The answer of <see cref="VotingEligibility"/>: may this person vote on this day, why not, and a
/// plain-language explanation for the station operator ("この日は投票できます" / "この日は投票できません：…").
/// </summary>
/// <param name="CanVote">Whether a ballot may be issued.</param>
/// <param name="Refusal">The reason when not.</param>
/// <param name="RegisterStatus">The 資格区分 of the register entry that day.</param>
/// <param name="NeedsProofOfResidenceInPrefecture">A marked elector voting in a prefectural election must show or have confirmed that they still live in the prefecture (法44③).</param>
/// <param name="MayVoteAbsentee">Not this day in person, but by 不在者投票 at the registering commission (under age on the early-voting day, of age on polling day: 法49).</param>
/// <param name="Explanation">Japanese, for the screen.</param>
public sealed record VotingDecision(
    bool CanVote,
    VotingRefusal Refusal,
    ElectorStatus RegisterStatus,
    bool NeedsProofOfResidenceInPrefecture,
    bool MayVoteAbsentee,
    string Explanation);

/// <summary>
/// 投票資格 on one day: may this person receive a ballot of an election of a given level on a given
/// day (early-voting day or polling day) at this municipality. Judged entirely on that day: 法43
/// bars a person without 選挙権 on the polling day, and its 括弧書 makes the day of voting the test
/// for 期日前投票 (法48の2), so a deletion or a death inside the early-voting period matters from
/// its date on.
/// </summary>
/// <remarks>
/// Rules: on the register and not deleted (法42①, 法28); alive; a Japanese national aged 満18年以上
/// (法9①, <see cref="AgeRule"/>); not without 選挙権 (法11①, 法252, register mark 法27①). After a
/// move-out (表示, 法27①): national elections — may vote at the old place until 4 months have passed
/// (法28二); prefectural — only if the move was within the prefecture and they still live there
/// (法9③), to be confirmed at the station (法44③); municipal — no longer, since 選挙権 needs an
/// address in the municipality (法9②); the move-out day itself still counts as resident. The
/// residence facts come from the person's history; the register supplies registration, deletion and
/// 失権 marks. A returner (A市→B市→A市) whose new residence has not yet lasted 引き続き三箇月 is
/// judged by the earlier move-out: national — at the old entry within the 4 months; prefectural —
/// only if every move stayed in the prefecture (法9③); municipal — not yet (法9②). A move abroad
/// keeps no national vote at the old place (国外転出の場合は除く, the practice of the 選挙管理委員会;
/// such electors vote through the 在外選挙人名簿, 法30の2〜).
/// </remarks>
public static class VotingEligibility
{
    public static VotingDecision Evaluate(PersonHistory person, RegisterRecord? entry, ElectionDates election, DateOnly votingDay)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(election);
        var status = entry?.StatusOn(votingDay) ?? ElectorStatus.None;

        if (VotingDayChecks.Refusal(person, election, votingDay, status) is { } refused)
        {
            // Under age on this early-voting day but of age on polling day: not here, but by 不在者投票 (法49).
            return refused.Refusal == VotingRefusal.UnderAge && votingDay < election.PollingDay
                && AgeRule.IsOfVotingAge(person.BirthDate, election.PollingDay) && entry is not null
                ? new VotingDecision(false, VotingRefusal.UnderAge, status, false, true,
                    $"この日は投票できません：この日にはまだ満18歳に達していません（{Wareki.Format(AgeRule.FirstDayOfAge(person.BirthDate, AgeRule.VotingAge))}から投票できます）。" +
                    "期日前投票は投票する日の年齢で判断します。選挙人名簿登録地の選挙管理委員会で不在者投票ができます。")
                : refused;
        }

        if (status == ElectorStatus.Disqualified)
        {
            // The history shows the right restored, yet the register still carries the 失権 mark:
            // the clerk must clear it (令16) before a ballot is issued, and must not read it as 失権.
            return person.Disqualifications.Any(d => d.RestoredOn is { } restored && restored <= votingDay)
                ? Refuse(VotingRefusal.StaleDisqualificationMark, status,
                    "選挙人名簿に失権の表示が残っていますが、選挙権は回復しています。令16により表示を消除してから投票用紙を交付してください。")
                : Refuse(VotingRefusal.Disqualified, status, "選挙人名簿に失権の表示があります（法27①）。");
        }

        if (entry is null || status == ElectorStatus.None)
        {
            return Refuse(VotingRefusal.NotRegistered, status, "選挙人名簿に登録されていません。");
        }

        if (entry.Deletion is { } deletion && status == ElectorStatus.Deleted)
        {
            return Refuse(VotingRefusal.Deleted, status,
                $"選挙人名簿から抹消されています（{Describe(deletion.Reason)}、{Wareki.Format(deletion.DeletedOn)}）。");
        }

        var current = person.ResidenceOn(votingDay);
        if (person.GoverningMoveOut(votingDay) is not { } previous)
        {
            return current is not null
                ? Allow(status, needsProof: false)
                // Registered but never resident in the history we hold: the register entry is all there is.
                : Refuse(VotingRefusal.MovedOutOfMunicipality, status, "この市区町村の住民基本台帳に記録がありません。");
        }

        return AfterMoveOut(previous, current, status, election.Level, votingDay);
    }

    /// <summary>
    /// The level rules after a move-out (法9②③, 法28). <paramref name="returned"/> is set for one who
    /// moved out and came back but has not yet lived here 引き続き三箇月 again: the old entry still
    /// carries the move-out mark, and the earlier move decides.
    /// </summary>
    private static VotingDecision AfterMoveOut(ResidencePeriod previous, ResidencePeriod? returned, ElectorStatus status, ElectionLevel level, DateOnly votingDay)
    {
        var movedOut = previous.MovedOutOn!.Value;
        var lastDay = previous.LastDayWithinFourMonthsOfMoveOut!.Value;
        var returnNote = returned is null
            ? string.Empty
            : $"{Wareki.Format(returned.ResidentSince)}に再転入しており、再転入から3か月となるのは{Wareki.Format(returned.ThreeMonthsCompleteOn)}です。";
        if (votingDay > lastDay)
        {
            return Refuse(VotingRefusal.FourMonthsSinceMoveOut, status,
                $"転出してから4か月を経過しています（{Wareki.Format(lastDay.AddDays(1))}に経過、法28）。" + returnNote);
        }

        if (previous.Destination == MoveDestination.Abroad && level == ElectionLevel.National)
        {
            // Only a domestic move keeps the vote at the old place; abroad the 在外選挙人名簿 serves.
            return Refuse(VotingRefusal.MovedAbroad, status,
                $"{Wareki.Format(movedOut)}に国外へ転出しているため、この選挙人名簿では投票できません。国外では在外選挙人名簿に登録されると在外投票ができます（法30の2〜）。");
        }

        var leftPrefecture = previous.Destination != MoveDestination.SamePrefecture
            || returned?.ArrivedFrom is MoveDestination.OtherPrefecture or MoveDestination.Abroad;
        return level switch
        {
            ElectionLevel.National => Allow(status, needsProof: false),
            ElectionLevel.Prefectural when !leftPrefecture => Allow(status, needsProof: true),
            ElectionLevel.Prefectural => Refuse(VotingRefusal.MovedOutOfPrefecture, status,
                (previous.Destination == MoveDestination.Abroad ? "国外に転出したため" : "都道府県外に住所を移したため") +
                "、この都道府県の選挙の選挙権がありません（法9③）。" + returnNote),
            _ when returned is not null => Refuse(VotingRefusal.ReturnedUnderThreeMonths, status,
                string.Create(CultureInfo.InvariantCulture, $"{Wareki.Format(movedOut)}に転出し、") + returnNote +
                "再転入から引き続き3か月たつまで、この市区町村の選挙の選挙権がありません（法9②）。"),
            _ => Refuse(VotingRefusal.MovedOutOfMunicipality, status,
                string.Create(CultureInfo.InvariantCulture, $"{Wareki.Format(movedOut)}に転出しているため、この市区町村の選挙の選挙権がありません（法9②）。")),
        };
    }

    private static VotingDecision Allow(ElectorStatus status, bool needsProof) => new(true, VotingRefusal.None, status, needsProof, false,
        needsProof
            ? "この日は投票できます（県内に引き続き住所があることの確認が必要です：法44③）。"
            : "この日は投票できます。");

    private static VotingDecision Refuse(VotingRefusal refusal, ElectorStatus status, string reason) =>
        VotingDayChecks.Refuse(refusal, status, reason);

    private static string Describe(DeletionReason reason) => reason switch
    {
        DeletionReason.Death => "死亡",
        DeletionReason.NationalityLost => "国籍喪失",
        DeletionReason.FourMonthsAfterMoveOut => "転出4か月経過",
        DeletionReason.WronglyEntered => "誤載",
        DeletionReason.DoubleRegistration => "二重登録",
        DeletionReason.TransferredToOverseasRegister => "在外選挙人名簿への登録の移転",
        _ => "その他",
    };
}

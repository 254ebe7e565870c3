using Senkyo.Domain.Dates;

namespace Senkyo.Domain.Register;

/// <summary>
/// The checks on the person that every register shares on the day of voting (法43 括弧書): inside the voting period
/// (期日前投票 法48の2 to the 選挙期日), alive, a Japanese national (法9①), 満18年以上 (法9①, <see cref="AgeRule"/>) and not
/// without 選挙権 (法11①, 法252). Used by <see cref="VotingEligibility"/> (選挙人名簿) and
/// <see cref="OverseasVotingEligibility"/> (在外選挙人名簿), which go on with their own register's rules.
/// </summary>
internal static class VotingDayChecks
{
    /// <summary>The first of these checks that fails, as a refusal; null when the person passes them all.</summary>
    public static VotingDecision? Refusal(PersonHistory person, ElectionDates election, DateOnly votingDay, ElectorStatus status)
    {
        if (votingDay < election.FirstEarlyVotingDay || votingDay > election.PollingDay)
        {
            return Refuse(VotingRefusal.OutsideVotingPeriod, status,
                $"投票できる期間（{Wareki.Format(election.FirstEarlyVotingDay)}から{Wareki.Format(election.PollingDay)}まで）ではありません。");
        }

        if (!person.IsAliveOn(votingDay))
        {
            return Refuse(VotingRefusal.Deceased, status, "死亡しています。");
        }

        if (!person.IsJapaneseNationalOn(votingDay))
        {
            return Refuse(VotingRefusal.NotJapaneseNational, status, "日本国籍がありません。");
        }

        if (!AgeRule.IsOfVotingAge(person.BirthDate, votingDay))
        {
            return Refuse(VotingRefusal.UnderAge, status, "満18歳に達していません。");
        }

        return person.IsDisqualifiedOn(votingDay) ? Disqualified(status) : null;
    }

    /// <summary>失権 on the day (法11①, 法252).</summary>
    public static VotingDecision Disqualified(ElectorStatus status) =>
        Refuse(VotingRefusal.Disqualified, status, "選挙権を有しない期間中です（法11①・法252）。");

    public static VotingDecision Refuse(VotingRefusal refusal, ElectorStatus status, string reason) =>
        new(false, refusal, status, false, false, "この日は投票できません：" + reason);
}

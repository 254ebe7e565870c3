using Senkyo.Domain.Dates;

namespace Senkyo.Domain.Register;

/// <summary>
/// 在外選挙人の投票資格 on one day: may a person on this municipality's 在外選挙人名簿 vote in an election of a
/// given level on a given day (in Japan at the polling place or 期日前投票所, or by 在外投票 法49の2 — the day
/// rules are the same). Only 衆議院・参議院 elections (and with them the 最高裁判所裁判官国民審査, 国民審査法 as
/// amended 令和4年, in force 令和5年2月17日): the 在外選挙人名簿 is the register of those elections (法30の2), and
/// the vote for a prefecture or municipality needs an address there (法9②③), which an elector abroad has not.
/// </summary>
/// <remarks>
/// Judged on the day of voting (法43 括弧書), as <see cref="VotingEligibility"/>: alive, a Japanese national, 満18年以上,
/// not without 選挙権 (法11①, 法252); on the 在外選挙人名簿 (法42①) and not deleted (法30の11①). The 在外選挙人証 is
/// shown at the polling place (法44② as read for the 在外選挙人名簿). An elector back in Japan stays on the
/// 在外選挙人名簿, marked (法30の10①), until 4 months after the new address (法30の11①二) and votes with the
/// 在外選挙人証 meanwhile — but once on a 選挙人名簿 in Japan, votes there (commissions' guidance: "帰国後国内の
/// 選挙人名簿に登録されるまでの間"; verify the clause). 憲法改正国民投票 uses its own 在外投票人名簿 (国民投票法33〜)
/// and is not judged here.
/// </remarks>
public static class OverseasVotingEligibility
{
    /// <param name="person">Birth, nationality, death, 失権.</param>
    /// <param name="entry">The person's entry on this 在外選挙人名簿, if any.</param>
    /// <param name="election">The election.</param>
    /// <param name="votingDay">The day of voting.</param>
    /// <param name="domesticEntry">The person's entry on a 選挙人名簿 in Japan, if the commission knows of one.</param>
    public static VotingDecision Evaluate(PersonHistory person, OverseasRegisterRecord? entry, ElectionDates election, DateOnly votingDay, RegisterRecord? domesticEntry = null)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(election);
        var status = entry?.StatusOn(votingDay) ?? ElectorStatus.None;

        if (VotingDayChecks.Refusal(person, election, votingDay, status) is { } refused)
        {
            return refused;
        }

        if (status == ElectorStatus.Disqualified)
        {
            return VotingDayChecks.Disqualified(status);
        }

        if (entry is null || status == ElectorStatus.None)
        {
            return Refuse(VotingRefusal.NotRegistered, status, "在外選挙人名簿に登録されていません。");
        }

        if (entry.Deletion is { } deletion && status == ElectorStatus.Deleted)
        {
            return Refuse(VotingRefusal.Deleted, status,
                $"在外選挙人名簿から抹消されています（{Describe(deletion.Reason)}、{Wareki.Format(deletion.DeletedOn)}、法30の11①）。在外選挙人証は使えません。");
        }

        if (election.Level != ElectionLevel.National)
        {
            return Refuse(VotingRefusal.NationalElectionsOnly, status,
                "在外選挙人名簿に登録されている方が投票できるのは衆議院・参議院の選挙と最高裁判所裁判官国民審査だけです。" +
                (election.Level == ElectionLevel.Prefectural ? "都道府県" : "市区町村") + "の選挙の選挙権はありません（法9②③）。");
        }

        if (domesticEntry is { } home && home.StatusOn(votingDay) is ElectorStatus.Elector or ElectorStatus.Marked)
        {
            return Refuse(VotingRefusal.OnDomesticRegister, status,
                $"{Wareki.Format(home.RegisteredOn)}に国内の選挙人名簿に登録されています。そちらの選挙人名簿で投票してください（在外選挙人証では投票できません）。");
        }

        var mark = entry.ActiveMark(votingDay, OverseasMarkReason.DomesticAddress);
        return new VotingDecision(true, VotingRefusal.None, status, false, false,
            mark is null
                ? "この日は投票できます（在外選挙人証の提示が必要です）。"
                : $"この日は投票できます（在外選挙人証の提示が必要です。{Wareki.Format(mark.MarkedOn)}に国内に住所を定めたため、国内の選挙人名簿に登録されるまでの間に限ります：法30の10①・法30の11①二）。");
    }

    private static VotingDecision Refuse(VotingRefusal refusal, ElectorStatus status, string reason) =>
        VotingDayChecks.Refuse(refusal, status, reason);

    private static string Describe(OverseasDeletionReason reason) => reason switch
    {
        OverseasDeletionReason.Death => "死亡",
        OverseasDeletionReason.NationalityLost => "国籍喪失",
        OverseasDeletionReason.FourMonthsAfterDomesticAddress => "国内転入4か月経過",
        OverseasDeletionReason.WronglyEntered => "誤載",
        _ => "その他",
    };
}

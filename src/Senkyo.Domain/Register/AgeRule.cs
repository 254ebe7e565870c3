namespace Senkyo.Domain.Register;

/// <summary>
/// 年齢計算 (age reckoning) under 年齢計算ニ関スル法律 (明治35年法律第50号) and 民法143: age counts
/// from the day of birth, so one reaches N years at the end of the day before the N-th birthday.
/// For 選挙権 (法9①: 年齢満十八年以上) a person is 18 on <c>date</c> when born on or before
/// (<c>date</c> + 1 day − 18 years); a person born on 29 February reaches an age at the end of
/// 28 February in common years (民法143② ただし書).
/// </summary>
public static class AgeRule
{
    /// <summary>選挙権年齢 (法9①).</summary>
    public const int VotingAge = 18;

    /// <summary>The latest birth date of a person who is <paramref name="years"/> old on <paramref name="date"/>.</summary>
    public static DateOnly LatestBirthDate(int years, DateOnly date) => date.AddDays(1).AddYears(-years);

    public static bool HasReached(DateOnly birthDate, int years, DateOnly date) => birthDate <= LatestBirthDate(years, date);

    /// <summary>Whether the person is 満18年以上 on <paramref name="date"/>.</summary>
    public static bool IsOfVotingAge(DateOnly birthDate, DateOnly date) => HasReached(birthDate, VotingAge, date);

    /// <summary>The first date on which the person counts as <paramref name="years"/> old (the day before the birthday).</summary>
    public static DateOnly FirstDayOfAge(DateOnly birthDate, int years)
    {
        var candidate = birthDate.AddYears(years).AddDays(-1);
        return HasReached(birthDate, years, candidate) ? candidate : candidate.AddDays(1);
    }
}

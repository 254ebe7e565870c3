namespace Senkyo.Domain.Results;

/// <summary>
/// 開票・選挙会の計算: turns a results document into winners and seats. 小選挙区 and other
/// plurality contests are decided first, because a 衆院比例 list depends on its members'
/// district results (法95の2). Pure and deterministic: the same document always gives the same
/// report, whatever the order of its arrays.
/// </summary>
public static class ResultsEngine
{
    public static ResultsReport Compute(ResultsDocument document, string? file = null)
    {
        ResultsValidator.Validate(document, file);
        var results = new Dictionary<string, ContestResult>(StringComparer.Ordinal);
        foreach (var contest in document.Contests.Where(c => ElectionRules.IsPlurality(c.Kind)))
        {
            results[contest.Id] = PluralityCount.Compute(contest, ContestTally.Compute(contest));
        }

        foreach (var contest in document.Contests.Where(c => !ElectionRules.IsPlurality(c.Kind)))
        {
            var tally = ContestTally.Compute(contest);
            results[contest.Id] = contest.Kind == ElectionKind.HouseProportional
                ? HouseProportionalCount.Compute(contest, tally, results)
                : CouncillorsProportionalCount.Compute(contest, tally);
        }

        return new ResultsReport(document.Election, document.PollingDay, document.Contests.Select(c => results[c.Id]).ToList());
    }
}

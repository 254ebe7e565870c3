using System.Globalization;
using Senkyo.Privacy.Keys;

namespace Senkyo.Storage;

/// <summary>
/// The WHERE clause of a blind-index look-up: an OR of ANDs of <c>column IN (…)</c>, one value per key version of
/// the look-up's purpose (a look-up during a key rotation finds rows under either), every value a parameter; a
/// look-up that must not be probed by its own index is written <c>+column</c>.
/// </summary>
internal static class IndexWhere
{
    public static (string Sql, List<(string Name, object? Value)> Parameters) Build(IReadOnlyList<IReadOnlyList<IndexLookup>> terms, Func<KeyPurpose, string, IReadOnlyList<long>> allVersions)
    {
        var parameters = new List<(string, object?)>();
        var ors = new List<string>(terms.Count);
        foreach (var term in terms)
        {
            var ands = new List<string>(term.Count);
            foreach (var (column, purpose, value, probe) in term)
            {
                var names = new List<string>();
                foreach (var h in allVersions(purpose, value))
                {
                    var name = string.Create(CultureInfo.InvariantCulture, $"@x{parameters.Count}");
                    parameters.Add((name, h));
                    names.Add(name);
                }

                ands.Add($"{(probe ? "" : "+")}{column} IN ({string.Join(", ", names)})");
            }

            ors.Add("(" + string.Join(" AND ", ands) + ")");
        }

        return ("(" + string.Join(" OR ", ors) + ")", parameters);
    }
}

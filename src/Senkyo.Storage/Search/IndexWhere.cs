using System.Globalization;
using Senkyo.Privacy.Keys;

namespace Senkyo.Storage;

/// <summary>
/// The WHERE clause of a blind-index look-up: an OR of ANDs of <c>column IN (…)</c>, one value per key version of
/// the look-up's purpose (a look-up during a key rotation finds rows under either), every value a parameter; a
/// look-up that must not be probed by its own index is written <c>+column</c>, and the clerk's ward scope as an expression (<see cref="WardScope"/>).
/// </summary>
internal static class IndexWhere
{
    /// <summary>
    /// The ward scope as an expression, not a column: it is checked on the rows the blind indexes find and is never the
    /// index that finds them (a ward holds ~100,000 people, and SQLite without statistics would rather scan them than
    /// OR two probes). SQLite's unary + does this for numbers; a text column needs <c>|| ''</c>, valid on both engines.
    /// </summary>
    private const string WardScope = "(ward_code || '')";

    public static (string Sql, List<(string Name, object? Value)> Parameters) Build(IReadOnlyList<IReadOnlyList<IndexLookup>> terms, Func<KeyPurpose, string, IReadOnlyList<long>> allVersions, IReadOnlyList<string>? wards = null)
    {
        var parameters = new List<(string, object?)>();
        var ors = new List<string>(terms.Count);
        var lists = new Dictionary<(KeyPurpose, string), string>();
        foreach (var term in terms)
        {
            var ands = new List<string>(term.Count);
            foreach (var (column, purpose, value, probe) in term)
            {
                // A look-up repeated in several terms (the birth date) is hashed and sent once.
                if (!lists.TryGetValue((purpose, value), out var list))
                {
                    var names = new List<string>();
                    foreach (var h in allVersions(purpose, value))
                    {
                        var name = string.Create(CultureInfo.InvariantCulture, $"@x{parameters.Count}");
                        parameters.Add((name, h));
                        names.Add(name);
                    }

                    // No key of the purpose: an empty IN list is an error on PostgreSQL and silently false on SQLite.
                    list = names.Count > 0 ? string.Join(", ", names) : throw new KeyAccessException($"The store has no {purpose.Code()} key to look up {column}.");
                    lists[(purpose, value)] = list;
                }

                ands.Add($"{(probe ? "" : "+")}{column} IN ({list})");
            }

            ors.Add("(" + string.Join(" AND ", ands) + ")");
        }

        var sql = "(" + string.Join(" OR ", ors) + ")";
        if (wards is not null)
        {
            var names = wards.Select((_, i) => string.Create(CultureInfo.InvariantCulture, $"@w{i}")).ToList();
            parameters.AddRange(names.Zip(wards, (n, w) => (n, (object?)w)));
            sql += " AND " + WardScope + " IN (" + string.Join(", ", names) + ")";
        }

        return (sql, parameters);
    }
}

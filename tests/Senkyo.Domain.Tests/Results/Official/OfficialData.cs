using System.Text;
using nietras.SeparatedValues;

namespace Senkyo.Domain.Tests.Results.Official;

/// <summary>
/// Finds the official results beside the repository (shared/data/shugiin, never copied into
/// it) by walking up from the test's base directory, so the suite runs from the main checkout,
/// a worktree or a CI clone. Absent: skip with the reason; with CI=true: fail.
/// </summary>
internal static class OfficialData
{
    public static string? TryLocate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", "shugiin");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static string Require(string election)
    {
        var root = TryLocate();
        var folder = root is null ? null : Path.Combine(root, election);
        if (folder is not null && Directory.Exists(folder))
        {
            return folder;
        }

        var reason = $"official results shared/data/shugiin/{election} not found above {AppContext.BaseDirectory}";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(reason + " (CI=true: the data must be present)");
        }

        Assert.Skip(reason);
        return "";
    }

    /// <summary>Reads a CSV file into rows keyed by header, with the 1-based line for messages.</summary>
    public static List<CsvRow> ReadCsv(string folder, string file)
    {
        var rows = new List<CsvRow>();
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromFile(Path.Combine(folder, file));
        var names = reader.Header.ColNames;
        var line = 1;
        foreach (var row in reader)
        {
            line++;
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in names)
            {
                values[name] = row[name].ToString();
            }

            rows.Add(new CsvRow(file, line, values));
        }

        return rows;
    }

    /// <summary>Drops variation selectors (U+FE00–FE0F, U+E0100–E01EF), which the tables use inconsistently in names.</summary>
    public static string StripVariationSelectors(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var rune in s.EnumerateRunes())
        {
            if (rune.Value is (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF))
            {
                continue;
            }

            sb.Append(rune.ToString());
        }

        return sb.ToString();
    }
}

internal sealed record CsvRow(string File, int Line, IReadOnlyDictionary<string, string> Values)
{
    public string this[string column] => Values[column];

    public string Where => $"{File}:{Line}";
}

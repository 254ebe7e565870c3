using System.Globalization;

namespace Senkyo.Storage.Import;

/// <summary>
/// Line 1 of a synthetic interface file: <c>#SENKYO-SYNTHETIC &lt;kind&gt; v1 key=value … 合成データ…</c>. Its presence is
/// what makes a file synthetic; a store only ever takes files of its own kind (合成データ never mixes with 本番).
/// </summary>
public sealed record FileMarker(string Kind, IReadOnlyDictionary<string, string> Values)
{
    public static FileMarker? Parse(string? line)
    {
        if (line is null || !line.StartsWith(InterfaceFileSource.SyntheticMarker, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in parts.Skip(2))
        {
            var eq = p.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                values[p[..eq]] = p[(eq + 1)..];
            }
        }

        return new FileMarker(parts.Length > 1 ? parts[1] : "", values);
    }

    public DateOnly? Date(string key) =>
        Values.TryGetValue(key, out var text) && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}

/// <summary>What an import of a resident file did.</summary>
/// <param name="Residents">Rows stored.</param>
/// <param name="Qualifying">Of them, meeting 被登録資格 (法21①) on the file's date.</param>
/// <param name="ByDistrict">Rows per voting district code (投票区).</param>
public sealed record ResidentImportResult(
    string Sha256,
    DateOnly AsOf,
    long Residents,
    long Qualifying,
    long FirstId,
    long LastId,
    IReadOnlyDictionary<string, long> ByWard,
    IReadOnlyDictionary<string, long> ByDistrict);

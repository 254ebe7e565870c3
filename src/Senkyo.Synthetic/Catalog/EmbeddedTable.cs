namespace Senkyo.Synthetic.Catalog;

/// <summary>Reads the tab-separated data files embedded in this assembly (see Data/ATTRIBUTION.md).</summary>
internal static class EmbeddedTable
{
    public static IEnumerable<string[]> Rows(string fileName)
    {
        var name = "Senkyo.Synthetic.Data." + fileName;
        using var stream = typeof(EmbeddedTable).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded data file {fileName} is missing from the build");
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        _ = reader.ReadLine(); // header
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                yield return line.Split('\t');
            }
        }
    }
}

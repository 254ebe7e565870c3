namespace Senkyo.Domain.Results;

/// <summary>A results file that cannot be read or does not make sense: names the file, the JSON path and, where known, the line.</summary>
public sealed class ResultsFormatException : Exception
{
    public ResultsFormatException(string? file, string path, long? line, string problem, Exception? inner = null)
        : base(Describe(file, path, line, problem), inner)
    {
        File = file;
        JsonPath = path;
        Line = line;
        Problem = problem;
    }

    public ResultsFormatException() { }

    public ResultsFormatException(string message) : base(message) { }

    public ResultsFormatException(string message, Exception inner) : base(message, inner) { }

    public string? File { get; }

    public string? JsonPath { get; }

    /// <summary>1-based line, when the parser knows it.</summary>
    public long? Line { get; }

    public string? Problem { get; }

    private static string Describe(string? file, string path, long? line, string problem) =>
        $"{file ?? "<input>"}{(line is { } l ? $":{l}" : "")}: {path}: {problem}";
}

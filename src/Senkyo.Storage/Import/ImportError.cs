namespace Senkyo.Storage.Import;

/// <summary>One problem in an interface file, located by file, 1-based line and column name. The text holds no personal value.</summary>
public sealed record ImportError(string File, long Line, string? Column, string Problem)
{
    public override string ToString() => Column is null ? $"{File}: line {Line}: {Problem}" : $"{File}: line {Line}, column {Column}: {Problem}";
}

/// <summary>
/// A file refused as a whole because some of its rows are bad: nothing was applied. Holds the first
/// <see cref="ImportLimits.MaxReportedErrors"/> errors and the total count.
/// </summary>
public sealed class ImportRejectedException : Exception
{
    public ImportRejectedException(string file, IReadOnlyList<ImportError> errors, long total)
        : base($"{file}: {total} error(s); nothing was applied.")
    {
        File = file;
        Errors = errors;
        Total = total;
    }

    public ImportRejectedException() : this("", [], 0) { }

    public ImportRejectedException(string message) : this(message, [], 0) { }

    public ImportRejectedException(string message, Exception inner) : base(message, inner)
    {
        File = message;
        Errors = [];
    }

    public string File { get; } = "";

    public IReadOnlyList<ImportError> Errors { get; } = [];

    public long Total { get; }
}

/// <summary>Limits the importer applies to every file.</summary>
public static class ImportLimits
{
    /// <summary>Errors kept for the report; the rest are only counted.</summary>
    public const int MaxReportedErrors = 100;
}

/// <summary>Collects errors up to the reporting cap and counts them all.</summary>
internal sealed class ErrorList(string file)
{
    private readonly List<ImportError> _kept = [];

    public string File => file;

    public long Count { get; private set; }

    public IReadOnlyList<ImportError> Kept => _kept;

    public void Add(long line, string? column, string problem)
    {
        Count++;
        if (_kept.Count < ImportLimits.MaxReportedErrors)
        {
            _kept.Add(new ImportError(file, line, column, problem));
        }
    }

    public void ThrowIfAny()
    {
        if (Count > 0)
        {
            throw new ImportRejectedException(file, _kept, Count);
        }
    }
}

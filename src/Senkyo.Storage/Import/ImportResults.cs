namespace Senkyo.Storage.Import;

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

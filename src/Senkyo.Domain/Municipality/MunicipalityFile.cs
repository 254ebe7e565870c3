using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Senkyo.Domain.Municipality;

/// <summary>
/// Reads and writes <c>city.json</c>, the structure of a municipality (format in docs/formats/city.md).
/// The same file describes a real city's structure in production and a synthetic one in tests.
/// </summary>
public static class MunicipalityFile
{
    public const string FileName = "city.json";
    public const int FormatVersion = 1;

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    private sealed record Envelope(int FormatVersion, Municipality Municipality);

    public static async Task WriteAsync(Municipality municipality, Stream stream, CancellationToken cancellationToken = default) =>
        await JsonSerializer.SerializeAsync(stream, new Envelope(FormatVersion, municipality), Options, cancellationToken);

    /// <summary>Reads a city file; a malformed one raises <see cref="InvalidDataException"/> naming the path and position.</summary>
    public static async Task<Municipality> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = File.OpenRead(path);
        try
        {
            var envelope = await JsonSerializer.DeserializeAsync<Envelope>(stream, Options, cancellationToken)
                ?? throw new InvalidDataException($"{path}: empty city file");
            if (envelope.FormatVersion != FormatVersion)
            {
                throw new InvalidDataException($"{path}: format_version {envelope.FormatVersion} is not supported (expected {FormatVersion})");
            }

            return envelope.Municipality;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: line {e.LineNumber + 1}, {e.Path}: {e.Message}", e);
        }
    }
}

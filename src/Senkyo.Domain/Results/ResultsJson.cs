using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Senkyo.Domain.Results;

/// <summary>Reads and writes the open-data results format (docs/formats/results.md) with System.Text.Json.</summary>
public static class ResultsJson
{
    private static readonly JsonSerializerOptions ReadOptions = CreateOptions(indented: false);
    private static readonly JsonSerializerOptions WriteOptions = CreateOptions(indented: true);

    private static JsonSerializerOptions CreateOptions(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = null,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            AllowTrailingCommas = false,
            ReadCommentHandling = JsonCommentHandling.Disallow,
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        // An explicit reflection resolver: it keeps the defaults of init-only properties that a
        // file omits (source-generated metadata would overwrite them with null), and works where
        // reflection is not the serializer's default.
        options.TypeInfoResolver = new DefaultJsonTypeInfoResolver();
        options.Converters.Add(new JsonStringEnumConverter<ElectionKind>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.Converters.Add(new JsonStringEnumConverter<CandidateStatus>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.Converters.Add(new JsonStringEnumConverter<FlagCode>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.Converters.Add(new VotesJsonConverter());
        options.Converters.Add(new RationalJsonConverter());
        options.MakeReadOnly();
        return options;
    }

    /// <summary>Parses a document; a malformed one raises <see cref="ResultsFormatException"/> naming file, JSON path and line.</summary>
    public static ResultsDocument Read(string json, string? file = null)
    {
        try
        {
            return (ResultsDocument?)JsonSerializer.Deserialize(json, ReadOptions.GetTypeInfo(typeof(ResultsDocument)))
                ?? throw new ResultsFormatException(file, "$", 1, "the document is null");
        }
        catch (JsonException e)
        {
            var line = e.LineNumber is { } l ? l + 1 : (long?)null;
            throw new ResultsFormatException(file, e.Path ?? "$", line, FirstSentence(e.Message), e);
        }
    }

    public static async Task<ResultsDocument> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        var json = await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken);
        return Read(json, path);
    }

    public static string Write(ResultsDocument document) => JsonSerializer.Serialize(document, WriteOptions.GetTypeInfo(typeof(ResultsDocument)));

    public static string Write(ResultsReport report) => JsonSerializer.Serialize(ReportView.From(report), WriteOptions.GetTypeInfo(typeof(ReportView)));

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    /// <summary>Vote figures are JSON numbers with at most three decimals, read exactly as decimals.</summary>
    private sealed class VotesJsonConverter : JsonConverter<Votes>
    {
        public override Votes Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDecimal(out var value))
            {
                throw new JsonException("a vote figure must be a number");
            }

            try
            {
                return Votes.FromDecimal(value);
            }
            catch (FormatException e)
            {
                throw new JsonException(e.Message, e);
            }
        }

        public override void Write(Utf8JsonWriter writer, Votes value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value.ToString(), skipInputValidation: true);

        public override Votes ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new JsonException("votes are not keys");

        public override void WriteAsPropertyName(Utf8JsonWriter writer, Votes value, JsonSerializerOptions options) =>
            writer.WritePropertyName(value.ToString());
    }

    /// <summary>Exact values are written as "n/d" strings so nothing is lost.</summary>
    private sealed class RationalJsonConverter : JsonConverter<Rational>
    {
        public override Rational Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new JsonException("exact values are output only");

        public override void Write(Utf8JsonWriter writer, Rational value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToFractionString());
    }
}


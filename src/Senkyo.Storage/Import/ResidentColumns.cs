using System.Buffers;
using System.Globalization;
using nietras.SeparatedValues;
using Senkyo.Domain.Municipality;
using Senkyo.Domain.Residents;

namespace Senkyo.Storage.Import;

/// <summary>One resident as the file gives it, after validation (made only while the file has had no error).</summary>
internal sealed record ResidentRow(
    long Line,
    string ResidentId,
    string HouseholdId,
    string Relationship,
    string Surname,
    string GivenName,
    string SurnameKana,
    string GivenNameKana,
    int Sex,
    DateOnly BirthDate,
    string Nationality,
    string PostalCode,
    string WardCode,
    string TownCode,
    string Address,
    string Banchi,
    string Building,
    string Phone,
    DateOnly ResidentSince,
    string PreviousAddress)
{
    public bool IsJapanese => Nationality == "JPN";

    public PersonIdentity Identity => new(Surname, GivenName, SurnameKana, GivenNameKana, BirthDate, Nationality, PostalCode, Address, Banchi, Building, Phone, PreviousAddress, Relationship, TownCode);
}

/// <summary>
/// The 19 resident columns (docs/formats/resident-file.md), validated on the raw CSV spans without allocating: a
/// quoted field is unescaped into a scratch buffer, everything else is checked in place. Every problem names line
/// and column; no message repeats a personal value.
/// </summary>
internal sealed class ResidentColumns
{
    public static readonly string[] Names = [.. InterfaceFileFormat.ResidentColumns];

    // The columns by position (docs/formats/resident-file.md; Names in the same order).
    public const int ResidentId = 0;
    public const int HouseholdId = 1;
    public const int Relationship = 2;
    public const int Surname = 3;
    public const int GivenName = 4;
    public const int SurnameKana = 5;
    public const int GivenNameKana = 6;
    public const int Sex = 7;
    public const int BirthDate = 8;
    public const int Nationality = 9;
    public const int PostalCode = 10;
    public const int WardCode = 11;
    public const int TownCode = 12;
    public const int Address = 13;
    public const int Banchi = 14;
    public const int Building = 15;
    public const int Phone = 16;
    public const int ResidentSince = 17;
    public const int PreviousAddress = 18;
    public const int Count = 19;

    // Longest accepted value per column, in UTF-16 units: beyond these a field is corrupt or an injection attempt.
    private static readonly int[] MaxLength = [11, 10, 16, 40, 40, 60, 60, 1, 10, 3, 7, 6, 10, 200, 60, 120, 14, 10, 200];

    private static readonly DateOnly Earliest = new(1873, 1, 1);

    // The generic range searches (IndexOfAnyInRange<T>, ContainsAnyExceptInRange<T>) boxed their bounds on some
    // calls: ~110 MB a city. These sets search the same characters without boxing, controls and U+FFFD (what the
    // decoder puts for bytes invalid in the file's encoding) in one pass.
    private const string Controls =
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f\u007f";

    private static readonly SearchValues<char> ControlCharacters = SearchValues.Create(Controls);

    private static readonly SearchValues<char> Unwanted = SearchValues.Create(Controls + "\uFFFD");

    private static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");
    private readonly Dictionary<long, Town> _towns;
    private char[] _scratch = new char[512];

    public ResidentColumns(Municipality city)
    {
        _towns = city.Towns.ToDictionary(t => long.Parse(t.Code, CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Validates the 19 columns starting at <paramref name="first"/>; returns the resident number as a long, or -1 when
    /// invalid. With <paramref name="into"/>, a valid row's values and facts are also started there (the caller keeps
    /// or drops it), so the bulk import reads every field once.
    /// </summary>
    public long Validate(SepReader.Row row, int first, long line, DateOnly? asOf, ErrorList errors, ResidentChunk? into = null)
    {
        var before = errors.Count;
        long id = -1;
        DateOnly birth = default, since = default;
        Town? town = null;
        long ward = -1;
        var sex = 0;
        into?.StartRow();
        for (var c = 0; c < Names.Length; c++)
        {
            var name = Names[c];
            if (!TryValue(row[first + c].Span, out var v, out var quoteProblem))
            {
                errors.Add(line, name, quoteProblem);
                continue;
            }

            if (v.Length > MaxLength[c])
            {
                errors.Add(line, name, $"field is {v.Length} characters long, at most {MaxLength[c]} allowed (oversized field)");
                continue;
            }

            if (v.ContainsAny(Unwanted))
            {
                errors.Add(line, name, v.ContainsAny(ControlCharacters)
                    ? "control character in field"
                    : "bytes that are not valid in the file's encoding (wrong encoding? try --encoding utf-8 or cp932)");
                continue;
            }

            into?.Add(v);

            switch (c)
            {
                case ResidentId:
                    if (!Domain.Residents.ResidentId.IsValid(v))
                    {
                        errors.Add(line, name, v.Length == 11 && IsDigits(v) ? "check digit does not match (mistyped resident number)" : "must be 11 digits");
                    }
                    else
                    {
                        id = long.Parse(v, NumberStyles.None, CultureInfo.InvariantCulture);
                    }

                    break;
                case HouseholdId:
                    Require(v.Length == 10 && IsDigits(v), "must be 10 digits");
                    break;
                case Relationship or Surname or Address:
                    Require(!v.IsWhiteSpace(), "must not be empty");
                    break;
                case SurnameKana or GivenNameKana:
                    if (c == SurnameKana && v.IsEmpty)
                    {
                        Require(false, "must not be empty");
                    }
                    else
                    {
                        Require(IsKatakana(v), "must be full-width katakana (ァ–ヺ, ー) only");
                    }

                    break;
                case Sex:
                    if (Require(v is "1" or "2", "must be 1 (male) or 2 (female)"))
                    {
                        sex = v[0] - '0';
                    }

                    break;
                case BirthDate:
                    if (Date(v, name, out birth) && (birth < Earliest || (asOf is { } a && birth > a)))
                    {
                        Require(false, asOf is null ? "impossible birth date" : $"impossible birth date (after the file's date {asOf:yyyy-MM-dd} or before 1873)");
                    }

                    break;
                case Nationality:
                    Require(v.Length == 3 && v[0] is >= 'A' and <= 'Z' && v[1] is >= 'A' and <= 'Z' && v[2] is >= 'A' and <= 'Z', "must be JPN or an ISO 3166-1 alpha-3 code");
                    break;
                case PostalCode:
                    Require(v.Length == 7 && IsDigits(v), "must be 7 digits without hyphen");
                    break;
                case WardCode:
                    if (Require(v.Length == 6 && IsDigits(v), "must be 6 digits"))
                    {
                        ward = long.Parse(v, NumberStyles.None, CultureInfo.InvariantCulture);
                    }

                    break;
                case TownCode:
                    if (Require(v.Length == 10 && IsDigits(v), "must be 10 digits"))
                    {
                        if (!_towns.TryGetValue(long.Parse(v, NumberStyles.None, CultureInfo.InvariantCulture), out town))
                        {
                            Require(false, "unknown town code (not in city.json)");
                        }
                    }

                    break;
                case Phone:
                    Require(IsPhone(v), "must be empty or digits and hyphens");
                    break;
                case ResidentSince:
                    Date(v, name, out since);
                    break;
            }

            bool Require(bool ok, string problem)
            {
                if (!ok)
                {
                    errors.Add(line, name, problem);
                }

                return ok;
            }
        }

        if (errors.Count == before)
        {
            if (town is not null && ward != long.Parse(town.WardCode, NumberStyles.None, CultureInfo.InvariantCulture))
            {
                errors.Add(line, "ward_code", "does not match the ward of the town code");
            }

            if (since < birth || (asOf is { } a && since > a))
            {
                errors.Add(line, "resident_since", "impossible 住定日 (before the birth date or after the file's date)");
            }
        }

        if (errors.Count != before)
        {
            return -1;
        }

        into?.SetFacts(birth, since, sex, town!);
        return id;

        bool Date(ReadOnlySpan<char> v, string name, out DateOnly date)
        {
            if (v.Length == 10 && DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            {
                return true;
            }

            errors.Add(line, name, "impossible or malformed date (expected yyyy-MM-dd)");
            date = default;
            return false;
        }
    }

    /// <summary>Reads the 19 columns of a row that passed validation.</summary>
    public ResidentRow Read(SepReader.Row row, int first, long line) => new(
        line, Text(row, first, 0, line), Text(row, first, 1, line), Text(row, first, 2, line), Text(row, first, 3, line), Text(row, first, 4, line), Text(row, first, 5, line),
        Text(row, first, 6, line), Value(row, first, 7, line)[0] - '0', Date(row, first, 8, line), Text(row, first, 9, line), Text(row, first, 10, line), Text(row, first, 11, line),
        Text(row, first, 12, line), Text(row, first, 13, line), Text(row, first, 14, line), Text(row, first, 15, line), Text(row, first, 16, line), Date(row, first, 17, line),
        Text(row, first, 18, line));

    private string Text(SepReader.Row row, int first, int column, long line) => new(Value(row, first, column, line));

    private DateOnly Date(SepReader.Row row, int first, int column, long line) =>
        DateOnly.ParseExact(Value(row, first, column, line), "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private ReadOnlySpan<char> Value(SepReader.Row row, int first, int column, long line) =>
        TryValue(row[first + column].Span, out var v, out _) ? v : throw new InvalidDataException($"line {line}: changed since validation");

    public Town TownOf(string townCode) => _towns[long.Parse(townCode, NumberStyles.None, CultureInfo.InvariantCulture)];

    /// <summary>RFC 4180 field value: a quoted field must close its quote and double inner quotes; an unquoted one holds no quote.</summary>
    private bool TryValue(ReadOnlySpan<char> raw, out ReadOnlySpan<char> value, out string problem)
    {
        problem = "";
        if (raw.IsEmpty || raw[0] != '"')
        {
            value = raw;
            if (raw.Contains('"'))
            {
                problem = "malformed CSV: quote inside an unquoted field";
                return false;
            }

            return true;
        }

        value = default;
        if (raw.Length < 2 || raw[^1] != '"')
        {
            problem = "malformed CSV: quoted field is not closed";
            return false;
        }

        var inner = raw[1..^1];
        if (_scratch.Length < inner.Length)
        {
            _scratch = new char[inner.Length * 2];
        }

        var n = 0;
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '"')
            {
                if (i + 1 >= inner.Length || inner[i + 1] != '"')
                {
                    problem = "malformed CSV: lone quote inside a quoted field";
                    return false;
                }

                i++;
            }

            _scratch[n++] = inner[i];
        }

        value = _scratch.AsSpan(0, n);
        return true;
    }

    private static bool IsDigits(ReadOnlySpan<char> v) => !v.IsEmpty && !v.ContainsAnyExcept(Digits);

    private static bool IsKatakana(ReadOnlySpan<char> v)
    {
        foreach (var ch in v)
        {
            if (ch is not ((>= '\u30A1' and <= '\u30FA') or '\u30FC'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPhone(ReadOnlySpan<char> v)
    {
        foreach (var ch in v)
        {
            if (ch is not ((>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }

        return true;
    }
}

using Senkyo.Domain.Municipality;

namespace Senkyo.Storage.Import;

/// <summary>
/// Up to <see cref="Capacity"/> validated residents, their 19 field values end to end in one character buffer, with the
/// facts validation already parsed (birth date, 住定日, sex, town). The bulk import hands ~830,000 residents through its
/// pipeline in these: a string per field and a row object per resident were most of what it allocated, while a chunk is
/// reused for the whole import. The text is personal data: <see cref="Clear"/> wipes it before a chunk is reused.
/// </summary>
internal sealed class ResidentChunk
{
    public const int Columns = 19;

    private readonly int[] _ends;
    private readonly long[] _lines;
    private readonly DateOnly[] _births;
    private readonly DateOnly[] _sinces;
    private readonly int[] _sexes;
    private readonly Town?[] _towns;
    private char[] _text;
    private int _length;
    private int _field;

    public ResidentChunk(int capacity)
    {
        Capacity = capacity;
        _ends = new int[capacity * Columns];
        _lines = new long[capacity];
        _births = new DateOnly[capacity];
        _sinces = new DateOnly[capacity];
        _sexes = new int[capacity];
        _towns = new Town?[capacity];
        _text = new char[capacity * 192];
    }

    public int Capacity { get; }

    /// <summary>Residents kept so far.</summary>
    public int Count { get; private set; }

    public bool IsFull => Count == Capacity;

    /// <summary>Starts the next resident, dropping the fields of one that was started and not kept.</summary>
    public void StartRow()
    {
        _length = Count == 0 ? 0 : _ends[(Count * Columns) - 1];
        _field = 0;
        _towns[Count] = null;
    }

    /// <summary>Appends the next field value of the resident being started (column order of the file).</summary>
    public void Add(ReadOnlySpan<char> value)
    {
        if (_length + value.Length > _text.Length)
        {
            Array.Resize(ref _text, Math.Max(_text.Length * 2, _length + value.Length));
        }

        value.CopyTo(_text.AsSpan(_length));
        _length += value.Length;
        _ends[(Count * Columns) + _field++] = _length;
    }

    /// <summary>The facts validation parsed from the resident being started.</summary>
    public void SetFacts(DateOnly birth, DateOnly since, int sex, Town town)
    {
        _births[Count] = birth;
        _sinces[Count] = since;
        _sexes[Count] = sex;
        _towns[Count] = town;
    }

    /// <summary>Keeps the resident being started, once its 19 fields and its facts are in and it has passed every check.</summary>
    public void Keep(long line)
    {
        if (_field != Columns || _towns[Count] is null)
        {
            throw new InvalidOperationException($"line {line}: {_field} of {Columns} fields added{(_towns[Count] is null ? ", no facts" : "")}.");
        }

        _lines[Count] = line;
        Count++;
        _field = 0;
    }

    public ReadOnlySpan<char> this[int row, int column]
    {
        get
        {
            var i = (row * Columns) + column;
            var start = i == 0 ? 0 : _ends[i - 1];
            return _text.AsSpan(start, _ends[i] - start);
        }
    }

    /// <summary>Characters of all the fields of <paramref name="row"/>.</summary>
    public int Length(int row) => _ends[(row * Columns) + Columns - 1] - (row == 0 ? 0 : _ends[(row * Columns) - 1]);

    public long Line(int row) => _lines[row];

    public DateOnly BirthDate(int row) => _births[row];

    public DateOnly ResidentSince(int row) => _sinces[row];

    public int Sex(int row) => _sexes[row];

    public Town Town(int row) => _towns[row]!;

    public bool IsJapanese(int row) => this[row, 9] is "JPN";

    /// <summary>Wipes the text and forgets every resident, for reuse.</summary>
    public void Clear()
    {
        Array.Clear(_text, 0, _length);
        Array.Clear(_towns, 0, Count);
        Count = 0;
        _length = 0;
        _field = 0;
    }
}

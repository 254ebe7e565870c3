using Senkyo.Domain.Municipality;

namespace Senkyo.Storage.Import;

/// <summary>
/// Up to <see cref="Capacity"/> validated residents, their 19 field values end to end in one character buffer, with the
/// facts validation already parsed (birth date, 住定日, sex, town). The bulk import hands ~830,000 residents through its
/// pipeline in these: a string per field and a row object per resident were most of what it allocated, while a chunk is
/// reused for the whole import. Everything in it is personal data: <see cref="Clear"/> wipes all it ever held (a row
/// that failed validation included), a grown buffer is wiped before it is dropped, and the import clears every chunk
/// when it ends, whether it succeeded or not.
/// </summary>
internal sealed class ResidentChunk
{
    private readonly int[] _ends;
    private readonly DateOnly[] _births;
    private readonly DateOnly[] _sinces;
    private readonly int[] _sexes;
    private readonly Town?[] _towns;
    private char[] _text;
    private int _length;
    private int _written;
    private int _field;

    /// <param name="capacity">Residents per chunk.</param>
    /// <param name="charsPerRow">Text expected per resident; a longer chunk grows its buffer.</param>
    public ResidentChunk(int capacity, int charsPerRow = 192)
    {
        Capacity = capacity;
        _ends = new int[capacity * ResidentColumns.Count];
        _births = new DateOnly[capacity];
        _sinces = new DateOnly[capacity];
        _sexes = new int[capacity];
        _towns = new Town?[capacity];
        _text = new char[capacity * charsPerRow];
    }

    public int Capacity { get; }

    /// <summary>Residents kept so far.</summary>
    public int Count { get; private set; }

    public bool IsFull => Count == Capacity;

    /// <summary>Starts the next resident, dropping the fields of one that was started and not kept.</summary>
    public void StartRow()
    {
        _length = Count == 0 ? 0 : _ends[(Count * ResidentColumns.Count) - 1];
        _field = 0;
        _towns[Count] = null;
    }

    /// <summary>Appends the next field value of the resident being started (column order of the file).</summary>
    public void Add(ReadOnlySpan<char> value)
    {
        if (_length + value.Length > _text.Length)
        {
            var grown = new char[Math.Max(_text.Length * 2, _length + value.Length)];
            _text.AsSpan(0, _written).CopyTo(grown);
            Array.Clear(_text, 0, _written);
            _text = grown;
        }

        value.CopyTo(_text.AsSpan(_length));
        _length += value.Length;
        _written = Math.Max(_written, _length);
        _ends[(Count * ResidentColumns.Count) + _field++] = _length;
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
    public void Keep()
    {
        if (_field != ResidentColumns.Count || _towns[Count] is null)
        {
            throw new InvalidOperationException($"{_field} of {ResidentColumns.Count} fields added{(_towns[Count] is null ? ", no facts" : "")}.");
        }

        Count++;
        _field = 0;
    }

    public ReadOnlySpan<char> this[int row, int column]
    {
        get
        {
            var i = (row * ResidentColumns.Count) + column;
            var start = i == 0 ? 0 : _ends[i - 1];
            return _text.AsSpan(start, _ends[i] - start);
        }
    }

    /// <summary>Characters of all the fields of <paramref name="row"/>.</summary>
    public int Length(int row) => _ends[(row * ResidentColumns.Count) + ResidentColumns.Count - 1] - (row == 0 ? 0 : _ends[(row * ResidentColumns.Count) - 1]);

    public DateOnly BirthDate(int row) => _births[row];

    public DateOnly ResidentSince(int row) => _sinces[row];

    public int Sex(int row) => _sexes[row];

    public Town Town(int row) => _towns[row]!;

    public bool IsJapanese(int row) => this[row, ResidentColumns.Nationality] is "JPN";

    /// <summary>Wipes the text and the facts and forgets every resident, for reuse.</summary>
    public void Clear()
    {
        Array.Clear(_text, 0, _written);
        Array.Clear(_births);
        Array.Clear(_sinces);
        Array.Clear(_sexes);
        Array.Clear(_towns);
        Count = 0;
        _length = 0;
        _written = 0;
        _field = 0;
    }
}

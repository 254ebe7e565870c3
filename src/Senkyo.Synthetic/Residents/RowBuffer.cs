using System.Buffers;
using System.Globalization;
using System.Text;

namespace Senkyo.Synthetic.Residents;

/// <summary>
/// Encodes CSV records straight into a pooled byte buffer, in UTF-8 or CP932: no intermediate
/// strings and no large-object-heap churn per chunk, which is what keeps generation at a
/// million rows a second. Fields are quoted only when RFC 4180 requires it (a comma, quote or
/// line break). In CP932, a field the code page cannot hold is written with 〓 in place of each
/// missing character and reported through <see cref="Unmappable"/>.
/// </summary>
internal sealed class RowBuffer : IDisposable
{
    private static readonly Encoding Utf8 = new UTF8Encoding(false);
    private readonly Encoding _strict;
    private readonly Encoding _lenient;
    private readonly bool _utf8;
    private byte[] _buffer;
    private int _length;

    public RowBuffer(OutputEncoding encoding, int capacity)
    {
        _utf8 = encoding.IsUtf8;
        _lenient = encoding.Encoding;
        _strict = _utf8 ? Utf8 : (Encoding)encoding.Encoding.Clone();
        if (!_utf8)
        {
            _strict.EncoderFallback = EncoderFallback.ExceptionFallback;
        }

        _buffer = ArrayPool<byte>.Shared.Rent(capacity);
    }

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _length);

    /// <summary>Set when the last <see cref="Field"/> call could not be encoded exactly.</summary>
    public bool Unmappable { get; private set; }

    public RowBuffer Field(string value)
    {
        Unmappable = false;
        Encode(value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? Quote(value) : value);
        return this;
    }

    private void Encode(string value)
    {
        Ensure(value.Length * 3);
        if (_utf8 || IsAscii(value))
        {
            _length += Utf8.GetBytes(value, _buffer.AsSpan(_length));
            return;
        }

        try
        {
            _length += _strict.GetBytes(value, _buffer.AsSpan(_length));
        }
        catch (EncoderFallbackException)
        {
            Unmappable = true;
            _length += _lenient.GetBytes(value, _buffer.AsSpan(_length));
        }
    }

    /// <summary>ISO 8601 yyyy-MM-dd, written digit by digit (the culture-aware formatter is the slowest part of a row).</summary>
    public RowBuffer Date(DateOnly date)
    {
        Ensure(10);
        var b = _buffer.AsSpan(_length, 10);
        var (y, m, d) = (date.Year, date.Month, date.Day);
        b[0] = (byte)('0' + (y / 1000));
        b[1] = (byte)('0' + (y / 100 % 10));
        b[2] = (byte)('0' + (y / 10 % 10));
        b[3] = (byte)('0' + (y % 10));
        b[4] = (byte)'-';
        b[5] = (byte)('0' + (m / 10));
        b[6] = (byte)('0' + (m % 10));
        b[7] = (byte)'-';
        b[8] = (byte)('0' + (d / 10));
        b[9] = (byte)('0' + (d % 10));
        _length += 10;
        return this;
    }

    public RowBuffer Number(long value)
    {
        Ensure(20);
        value.TryFormat(_buffer.AsSpan(_length), out var n, default, CultureInfo.InvariantCulture);
        _length += n;
        return this;
    }

    public RowBuffer Byte(byte b)
    {
        Ensure(1);
        _buffer[_length++] = b;
        return this;
    }

    public RowBuffer Comma() => Byte((byte)',');

    public RowBuffer EndOfLine() => Byte((byte)'\n');

    /// <summary>Drops the last byte (used to continue a record after a line break was written).</summary>
    public void Unwrite() => _length--;

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);

    private static bool IsAscii(string value) => Ascii.IsValid(value);

    private static string Quote(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + extra));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}

using System.Text;

namespace Senkyo.Privacy.Encryption;

/// <summary>
/// Packs the fields of one sensitivity class into the plaintext of one ciphertext: a field count, then per field
/// a varint of (UTF-8 length + 1), 0 meaning null, then the bytes. Positional and versioned by the caller's
/// group name, so adding a field to a group means a new group version, never reinterpretation.
/// </summary>
public static class FieldGroupCodec
{
    public static byte[] Encode(ReadOnlySpan<string?> fields)
    {
        var output = new byte[EncodedSize(fields)];
        Encode(fields, output);
        return output;
    }

    /// <summary>Bytes <see cref="Encode(ReadOnlySpan{string}, Span{byte})"/> writes for <paramref name="fields"/>.</summary>
    public static int EncodedSize(ReadOnlySpan<string?> fields)
    {
        CheckCount(fields);
        var size = 1;
        foreach (var f in fields)
        {
            var len = f is null ? 0 : Encoding.UTF8.GetByteCount(f) + 1;
            size += VarintSize((uint)len) + Math.Max(len - 1, 0);
        }

        return size;
    }

    /// <summary>
    /// Encodes into <paramref name="destination"/> (at least <see cref="EncodedSize"/> bytes) and returns the length:
    /// a bulk path encodes onto its stack and wipes it there instead of allocating a plaintext per row.
    /// </summary>
    public static int Encode(ReadOnlySpan<string?> fields, Span<byte> destination)
    {
        var writer = new FieldGroupWriter(destination, fields.Length);
        foreach (var f in fields)
        {
            if (f is null)
            {
                writer.AddNull();
            }
            else
            {
                writer.Add(f);
            }
        }

        return writer.Length;
    }

    /// <summary>
    /// Bytes enough for <paramref name="fieldCount"/> fields of <paramref name="chars"/> UTF-16 units in all, whatever
    /// they are: three UTF-8 bytes a unit at most, five bytes of varint a field.
    /// </summary>
    public static int MaxEncodedSize(int fieldCount, int chars) => 1 + (fieldCount * 5) + (chars * 3);

    public static string?[] Decode(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            throw new FormatException("Empty field group.");
        }

        var result = new string?[data[0]];
        var pos = 1;
        for (var i = 0; i < result.Length; i++)
        {
            var len = (int)ReadVarint(data, ref pos);
            if (len == 0)
            {
                continue;
            }

            result[i] = Encoding.UTF8.GetString(data.Slice(pos, len - 1));
            pos += len - 1;
        }

        return pos == data.Length ? result : throw new FormatException("Trailing bytes after the last field.");
    }

    private static void CheckCount(ReadOnlySpan<string?> fields) => CheckCount(fields.Length);

    internal static void CheckCount(int count)
    {
        if (count > byte.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "At most 255 fields per group.");
        }
    }

    private static int VarintSize(uint v)
    {
        var n = 1;
        while (v >= 0x80)
        {
            v >>= 7;
            n++;
        }

        return n;
    }

    internal static int WriteVarint(Span<byte> span, uint v)
    {
        var n = 0;
        while (v >= 0x80)
        {
            span[n++] = (byte)(v | 0x80);
            v >>= 7;
        }

        span[n++] = (byte)v;
        return n;
    }

    private static uint ReadVarint(ReadOnlySpan<byte> data, ref int pos)
    {
        uint v = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = data[pos++];
            v |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return v;
            }
        }

        throw new FormatException("Varint too long.");
    }
}

/// <summary>
/// Writes one field group (<see cref="FieldGroupCodec"/>'s format) field by field from spans, so a caller whose values
/// are slices of a larger buffer (the bulk import's rows) packs them without a string per field. The caller adds
/// exactly the number of fields it declared, into a destination of at least <see cref="FieldGroupCodec.MaxEncodedSize"/>.
/// </summary>
public ref struct FieldGroupWriter
{
    private readonly Span<byte> _destination;
    private readonly int _declared;
    private int _added;
    private int _position;

    public FieldGroupWriter(Span<byte> destination, int fieldCount)
    {
        FieldGroupCodec.CheckCount(fieldCount);
        destination[0] = (byte)fieldCount;
        _destination = destination;
        _declared = fieldCount;
        _position = 1;
    }

    /// <summary>Bytes written so far; the group's length once every declared field is added.</summary>
    public readonly int Length => _added == _declared
        ? _position
        : throw new InvalidOperationException($"{_added} of the {_declared} declared fields were added.");

    /// <summary>Adds the next field: its UTF-8 length + 1 as a varint, then its bytes.</summary>
    public void Add(ReadOnlySpan<char> value)
    {
        Next();
        var length = Encoding.UTF8.GetByteCount(value);
        _position += FieldGroupCodec.WriteVarint(_destination[_position..], (uint)length + 1);
        _position += Encoding.UTF8.GetBytes(value, _destination[_position..]);
    }

    /// <summary>Adds the next field as null (a single 0).</summary>
    public void AddNull()
    {
        Next();
        _destination[_position++] = 0;
    }

    private void Next()
    {
        if (_added == _declared)
        {
            throw new InvalidOperationException($"The group was declared with {_declared} fields.");
        }

        _added++;
    }
}

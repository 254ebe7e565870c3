namespace Senkyo.Synthetic.Sampling;

/// <summary>
/// Small numbers as strings without formatting work: the generators build millions of house
/// numbers and phone numbers a second, and interpolated strings were half their time.
/// </summary>
internal static class Digits
{
    private static readonly string[] Plain = [.. Enumerable.Range(0, 2501).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
    private static readonly string[] TwoDigits = [.. Enumerable.Range(0, 100).Select(i => i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>0–2500 as text.</summary>
    public static string Of(int value) => Plain[value];

    /// <summary>0–99 as two digits.</summary>
    public static string Two(int value) => TwoDigits[value];

    /// <summary>A zero-padded decimal of exactly <paramref name="width"/> digits.</summary>
    public static string Padded(long value, int width) => string.Create(width, value, static (span, v) =>
    {
        for (var i = span.Length - 1; i >= 0; i--)
        {
            span[i] = (char)('0' + (v % 10));
            v /= 10;
        }
    });

    /// <summary>A phone number: prefix, then two dash-separated groups of fixed width (e.g. 072-2xx-xxxx, 090-xxxx-xxxx).</summary>
    public static string Phone(string prefix, int first, int firstWidth, int second, int secondWidth) =>
        string.Create(prefix.Length + firstWidth + secondWidth + 2, (prefix, first, firstWidth, second), static (span, s) =>
        {
            s.prefix.CopyTo(span);
            var p = s.prefix.Length;
            span[p] = '-';
            Write(span.Slice(p + 1, s.firstWidth), s.first);
            span[p + 1 + s.firstWidth] = '-';
            Write(span[(p + 2 + s.firstWidth)..], s.second);
        });

    private static void Write(Span<char> span, int value)
    {
        for (var i = span.Length - 1; i >= 0; i--)
        {
            span[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }
}

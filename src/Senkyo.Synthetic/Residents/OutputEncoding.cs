using System.Text;

namespace Senkyo.Synthetic.Residents;

/// <summary>
/// The two encodings interface files come in: UTF-8 (no BOM) and CP932 (Shift_JIS as Windows
/// writes it, still common between municipal systems). CP932 cannot hold every character a
/// register needs (𠮷, 𡈽, variation sequences): such characters are written as 〓 (the geta
/// mark, the customary stand-in for a missing glyph) and every one of them is reported with
/// its line and column — never replaced silently.
/// </summary>
public sealed class OutputEncoding
{
    public const char Substitute = '〓';

    private OutputEncoding(string name, Encoding encoding)
    {
        Name = name;
        Encoding = encoding;
    }

    public string Name { get; }

    public Encoding Encoding { get; }

    public bool IsUtf8 => Name == "utf-8";

    public static IReadOnlyList<string> Known { get; } = ["utf-8", "cp932"];

    public static OutputEncoding Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        switch (name.ToUpperInvariant())
        {
            case "UTF-8":
            case "UTF8":
                return new OutputEncoding("utf-8", new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
            case "CP932":
            case "SHIFT_JIS":
            case "SJIS":
            case "WINDOWS-31J":
                Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
                return new OutputEncoding("cp932", Encoding.GetEncoding(932, new EncoderReplacementFallback(Substitute.ToString()), DecoderFallback.ExceptionFallback));
            default:
                throw new ArgumentException($"unknown encoding '{name}' (known: {string.Join(", ", Known)})", nameof(name));
        }
    }

    /// <summary>True when every character of the text survives this encoding.</summary>
    public bool CanEncode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IsUtf8)
        {
            return true;
        }

        var bytes = Encoding.GetBytes(text);
        return string.Equals(Encoding.GetString(bytes), text, StringComparison.Ordinal);
    }
}

/// <summary>A character the chosen encoding cannot hold, with where it is (line is 1-based in the file).</summary>
public sealed record UnmappableCharacter(long Line, string Column, string ResidentId, string Text);

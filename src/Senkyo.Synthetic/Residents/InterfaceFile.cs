using System.Security.Cryptography;
using System.Text;

namespace Senkyo.Synthetic.Residents;

/// <summary>Opening an interface file: its encoding (UTF-8 or CP932, told apart by the first line) and its content hash.</summary>
public static class InterfaceFile
{
    /// <summary>UTF-8 when the first line decodes strictly as UTF-8, otherwise CP932.</summary>
    public static Encoding DetectEncoding(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[4096];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var end = Array.IndexOf(buffer, (byte)'\n', 0, read);
        var line = buffer.AsSpan(0, end < 0 ? read : end);
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetCharCount(line);
            return new UTF8Encoding(false, throwOnInvalidBytes: true);
        }
        catch (DecoderFallbackException)
        {
            return OutputEncoding.Parse("cp932").Encoding;
        }
    }

    /// <summary>Lower-case hex SHA-256 of the file's bytes.</summary>
    public static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}

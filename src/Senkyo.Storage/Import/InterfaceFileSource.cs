using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

namespace Senkyo.Storage.Import;

/// <summary>Text encodings an interface file may come in (住基連携ファイル: UTF-8, or CP932 as Windows writes it).</summary>
public enum FileEncoding
{
    Auto = 0,
    Utf8 = 1,
    Cp932 = 2,
}

/// <summary>
/// Opens an interface file for one reading pass: decodes it with a decoder that turns every invalid byte sequence into
/// U+FFFD (so the validator can name the line and column of a wrong encoding instead of failing somewhere in a
/// buffer), hashes every byte read (SHA-256, the file's identity for re-import and change-file chains) and reads the
/// synthetic marker line when there is one.
/// </summary>
internal sealed class InterfaceFileSource : IDisposable
{
    public const string SyntheticMarker = Domain.Residents.InterfaceFileFormat.SyntheticMarker;
    private static readonly byte[] MarkerBytes = Encoding.ASCII.GetBytes(SyntheticMarker);
    private readonly HashingStream _stream;

    private InterfaceFileSource(string path, Encoding encoding)
    {
        Path = path;
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        Length = file.Length;
        _stream = new HashingStream(file);
        Span<byte> head = stackalloc byte[MarkerBytes.Length];
        var n = _stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var hasMarker = n == head.Length && head.SequenceEqual(MarkerBytes);
        Reader = new StreamReader(new PrefixStream(head[..n].ToArray(), _stream), encoding, detectEncodingFromByteOrderMarks: false, 1 << 16);
        if (hasMarker)
        {
            MarkerLine = Reader.ReadLine();
        }
    }

    public string Path { get; }

    public long Length { get; }

    public TextReader Reader { get; }

    /// <summary>Line 1 when it is the synthetic marker, else null (the header is line 1).</summary>
    public string? MarkerLine { get; }

    /// <summary>Lines before the CSV header: 1 with a marker, 0 without.</summary>
    public int LinesBeforeHeader => MarkerLine is null ? 0 : 1;

    public static InterfaceFileSource Open(string path, FileEncoding encoding)
    {
        if (!File.Exists(path))
        {
            throw new StoreRefusedException($"{path}: no such file.");
        }

        return new InterfaceFileSource(path, Decoder(encoding == FileEncoding.Auto ? Detect(path) : encoding));
    }

    /// <summary>UTF-8 when the first 64 KiB decode strictly as UTF-8 (a multi-byte character cut by the window is allowed), else CP932.</summary>
    public static FileEncoding Detect(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[1 << 16];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var span = buffer.AsSpan(0, read);
        if (Utf8.IsValid(span))
        {
            return FileEncoding.Utf8;
        }

        // Allow up to 3 bytes of a character cut at the window's end.
        for (var cut = 1; cut <= 3 && read == buffer.Length; cut++)
        {
            if (Utf8.IsValid(span[..^cut]))
            {
                return FileEncoding.Utf8;
            }
        }

        return FileEncoding.Cp932;
    }

    public static Encoding Decoder(FileEncoding encoding)
    {
        if (encoding == FileEncoding.Cp932)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, new DecoderReplacementFallback("\uFFFD"));
        }

        return new UTF8Encoding(false, throwOnInvalidBytes: false);
    }

    /// <summary>Drains what is left and returns the lower-case hex SHA-256 of every byte of the file.</summary>
    public string FinishHash()
    {
        var rest = new byte[1 << 16];
        while (_stream.Read(rest) > 0)
        {
        }

        return _stream.Hash();
    }

    public void Dispose()
    {
        Reader.Dispose();
        _stream.Dispose();
    }

    /// <summary>Whole-file SHA-256 without parsing (for the re-import check before any work).</summary>
    public static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    private sealed class HashingStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public string Hash() => Convert.ToHexStringLower(_hash.GetHashAndReset());

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            _hash.AppendData(buffer[..n]);
            return n;
        }

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _hash.Dispose();
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>Gives back the bytes read to look for the marker, then the rest of the stream.</summary>
    private sealed class PrefixStream(byte[] prefix, Stream inner) : Stream
    {
        private int _offset;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_offset < prefix.Length)
            {
                var n = Math.Min(buffer.Length, prefix.Length - _offset);
                prefix.AsSpan(_offset, n).CopyTo(buffer);
                _offset += n;
                return n;
            }

            return inner.Read(buffer);
        }

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

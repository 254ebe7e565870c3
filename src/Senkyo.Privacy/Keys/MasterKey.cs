using System.Security.Cryptography;
using System.Text;

namespace Senkyo.Privacy.Keys;

/// <summary>
/// The master key (マスター鍵): 32 random bytes that never enter the database. It only wraps the data keys,
/// so replacing it (<c>senkyo keys rotate</c>) re-wraps a handful of keys instead of re-encrypting the register.
/// It comes from a key file readable by its owner only (mode 0600) or from the <c>SENKYO_MASTER_KEY</c>
/// environment variable (base64), for hosts where a secret store injects it.
/// </summary>
public sealed class MasterKey : IDisposable
{
    public const string EnvironmentVariable = "SENKYO_MASTER_KEY";
    public const int Length = 32;
    private const string FileHeader = "SENKYO-MASTER-KEY-V1";

    private readonly byte[] _key;

    private MasterKey(byte[] key)
    {
        _key = key;
        // The id lets an operator see which key a store expects without revealing anything about the key:
        // an HMAC under the key itself of a fixed label, truncated.
        Id = Convert.ToHexStringLower(HMACSHA256.HashData(key, "senkyo master key id"u8)[..8]);
    }

    /// <summary>A public fingerprint of the key (16 hex digits), stored next to the wrapped data keys.</summary>
    public string Id { get; }

    internal ReadOnlySpan<byte> Bytes => _key;

    public static MasterKey Generate() => new(RandomNumberGenerator.GetBytes(Length));

    public static MasterKey FromBytes(ReadOnlySpan<byte> key)
    {
        if (key.Length != Length)
        {
            throw new KeyAccessException($"A master key is {Length} bytes; got {key.Length}.");
        }

        return new MasterKey(key.ToArray());
    }

    /// <summary>Parses the base64 form used by <see cref="EnvironmentVariable"/>.</summary>
    public static MasterKey FromBase64(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException e)
        {
            throw new KeyAccessException($"{source}: not a base64 master key.", e);
        }

        if (bytes.Length != Length)
        {
            CryptographicOperations.ZeroMemory(bytes);
            throw new KeyAccessException($"{source}: a master key is {Length} bytes; got {bytes.Length}.");
        }

        return new MasterKey(bytes);
    }

    /// <summary>An independent copy for an owner that outlives the caller's instance.</summary>
    public MasterKey Clone() => new((byte[])_key.Clone());

    public string ToBase64() => Convert.ToBase64String(_key);

    /// <summary>
    /// Reads a key file. Refused when the file is readable or writable by group or others: a key that other
    /// accounts can read protects nothing, and failing loudly is the only way an operator learns of it.
    /// </summary>
    public static async Task<MasterKey> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new KeyAccessException($"{path}: key file not found.");
        }

        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode groupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
            if ((mode & groupOrOther) != 0)
            {
                throw new KeyAccessException($"{path}: key file is accessible by group or others (mode {ToOctal(mode)}); run chmod 600 on it.");
            }
        }

        var text = await File.ReadAllTextAsync(path, Encoding.ASCII, cancellationToken);
        var line = text.Trim();
        if (!line.StartsWith(FileHeader + " ", StringComparison.Ordinal))
        {
            throw new KeyAccessException($"{path}: line 1: not a Senkyo master key file (expected '{FileHeader} <base64>').");
        }

        return FromBase64(line[(FileHeader.Length + 1)..], path);
    }

    /// <summary>Writes the key to a new file created with mode 0600 from the start (never chmod after the fact).</summary>
    public async Task WriteFileAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            await using var stream = new FileStream(path, options);
            await using var writer = new StreamWriter(stream, Encoding.ASCII);
            await writer.WriteLineAsync($"{FileHeader} {ToBase64()}".AsMemory(), cancellationToken);
        }
        catch (IOException e) when (File.Exists(path))
        {
            throw new KeyAccessException($"{path}: a file already exists there; a key file is never overwritten.", e);
        }
    }

    private static string ToOctal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');

    public void Dispose() => CryptographicOperations.ZeroMemory(_key);
}

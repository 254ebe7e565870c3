using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Senkyo.Privacy.Audit;

/// <summary>
/// A signed tree head (署名付きチェックポイント): store id, log size, Merkle root and time, signed with the
/// store's ECDSA P-256 audit key. Written as a short text file meant to leave IT — to the audit commissioners
/// (監査委員) — so that a later log can be proven to extend it (consistency proof) and never to rewrite it.
/// The public key travels in the file; whoever keeps checkpoints pins its fingerprint from the first one.
/// </summary>
public sealed record Checkpoint(string StoreId, long Size, byte[] Root, DateTimeOffset At, byte[] PublicKey, byte[] Signature)
{
    private const string Header = "senkyo-checkpoint/v1";

    /// <summary>SHA-256 of the public key, first 8 bytes in hex: what a person compares by eye.</summary>
    public string KeyFingerprint => Convert.ToHexStringLower(SHA256.HashData(PublicKey)[..8]);

    public static Checkpoint Sign(string storeId, long size, byte[] root, DateTimeOffset at, ECDsa signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var publicKey = signer.ExportSubjectPublicKeyInfo();
        var unsigned = new Checkpoint(storeId, size, root, at.ToUniversalTime(), publicKey, []);
        var signature = signer.SignData(unsigned.SignedBody(), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return unsigned with { Signature = signature };
    }

    /// <summary>True when the signature is valid for the key named in the checkpoint.</summary>
    public bool SignatureIsValid()
    {
        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(PublicKey, out _);
            return ecdsa.VerifyData(SignedBody(), Signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public string ToText() =>
        Encoding.UTF8.GetString(SignedBody()) + "signature: " + Convert.ToBase64String(Signature) + "\n";

    public static Checkpoint Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
        string Field(int index, string name)
        {
            if (index >= lines.Length || !lines[index].StartsWith(name + ": ", StringComparison.Ordinal))
            {
                throw new FormatException($"{source}: line {index + 1}: expected '{name}: …'.");
            }

            return lines[index][(name.Length + 2)..];
        }

        if (lines.Length != 7 || lines[0] != Header)
        {
            throw new FormatException($"{source}: line 1: not a Senkyo checkpoint (expected '{Header}' and 7 lines).");
        }

        try
        {
            return new Checkpoint(
                Field(1, "store"),
                long.Parse(Field(2, "size"), NumberStyles.None, CultureInfo.InvariantCulture),
                Convert.FromBase64String(Field(3, "root")),
                DateTimeOffset.Parse(Field(4, "time"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                Convert.FromBase64String(Field(5, "key")),
                Convert.FromBase64String(Field(6, "signature")));
        }
        catch (FormatException e) when (!e.Message.StartsWith(source, StringComparison.Ordinal))
        {
            throw new FormatException($"{source}: malformed field: {e.Message}", e);
        }
    }

    private byte[] SignedBody() => Encoding.UTF8.GetBytes(
        $"{Header}\nstore: {StoreId}\nsize: {Size.ToString(CultureInfo.InvariantCulture)}\nroot: {Convert.ToBase64String(Root)}\n" +
        $"time: {At.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture)}\nkey: {Convert.ToBase64String(PublicKey)}\n");
}

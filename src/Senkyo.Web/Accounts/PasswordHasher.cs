using System.Security.Cryptography;
using System.Text;

namespace Senkyo.Web.Accounts;

/// <summary>A stored password: PBKDF2-HMAC-SHA256 with a per-user salt and its iteration count.</summary>
public sealed record PasswordHash(byte[] Salt, int Iterations, byte[] Hash);

/// <summary>
/// PBKDF2-HMAC-SHA256 at 600,000 iterations (OWASP Password Storage Cheat Sheet, 2023+), 16-byte
/// random salt per password, 32-byte output, compared in constant time. The iteration count is
/// stored with each hash so it can be raised later without invalidating old passwords.
/// </summary>
public sealed class PasswordHasher
{
    public const int Iterations = 600_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>A fixed hash verified for unknown user names so they take as long as known ones.</summary>
    private readonly PasswordHash _decoy = new(new byte[SaltBytes], Iterations, new byte[HashBytes]);

    public PasswordHash Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return new PasswordHash(salt, Iterations, Derive(password, salt, Iterations));
    }

    public bool Verify(string password, PasswordHash stored)
    {
        var actual = Derive(password, stored.Salt, stored.Iterations);
        return CryptographicOperations.FixedTimeEquals(actual, stored.Hash);
    }

    /// <summary>Spends the same work as <see cref="Verify"/> and always fails.</summary>
    public bool VerifyDecoy(string password)
    {
        Verify(password, _decoy);
        return false;
    }

    private static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
}

using System.Security.Cryptography;

namespace Senkyo.Web.Accounts;

/// <summary>
/// Passwords the system issues (first administrator, resets): 20 characters from an alphabet
/// without look-alikes (no 0/O, 1/l/I), about 113 bits. They are used without a second factor
/// once, so they must be at least 15 characters (<see cref="PasswordPolicy.MinimumLengthWithoutSecondFactor"/>).
/// </summary>
public static class OneTimePassword
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    public const int Length = 20;

    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, Length);
}

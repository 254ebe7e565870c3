namespace Senkyo.Domain.Residents;

/// <summary>
/// 住民票コード-style resident number: 10 digits and a modulus-11 check digit
/// (weights 6,5,4,3,2,7,6,5,4,3 from the left; 11 − remainder, and 0 when that is 10 or 11),
/// the scheme of 住民基本台帳法施行規則 for 住民票コード. The check digit catches a mistyped or
/// transposed digit at import, before a record is attached to the wrong person.
/// </summary>
public static class ResidentId
{
    private static ReadOnlySpan<int> Weights => [6, 5, 4, 3, 2, 7, 6, 5, 4, 3];

    /// <summary>The check digit of a 10-digit body.</summary>
    public static int CheckDigit(ReadOnlySpan<char> body)
    {
        if (body.Length != 10)
        {
            throw new ArgumentException("a resident number body has 10 digits", nameof(body));
        }

        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            var d = body[i] - '0';
            if ((uint)d > 9)
            {
                throw new ArgumentException("a resident number has only digits", nameof(body));
            }

            sum += d * Weights[i];
        }

        var r = sum % 11;
        return r <= 1 ? 0 : 11 - r;
    }

    /// <summary>The 11-digit number for a 10-digit body value (0 ≤ body &lt; 10¹⁰).</summary>
    public static string FromBody(long body)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(body);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(body, 10_000_000_000L);
        Span<char> digits = stackalloc char[11];
        body.TryFormat(digits[..10], out _, "D10", System.Globalization.CultureInfo.InvariantCulture);
        digits[10] = (char)('0' + CheckDigit(digits[..10]));
        return new string(digits);
    }

    /// <summary>True when the text is 11 digits whose last is the check digit of the first ten.</summary>
    public static bool IsValid(ReadOnlySpan<char> id)
    {
        if (id.Length != 11)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return CheckDigit(id[..10]) == id[10] - '0';
    }
}

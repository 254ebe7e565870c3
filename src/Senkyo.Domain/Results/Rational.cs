using System.Globalization;
using System.Numerics;

namespace Senkyo.Domain.Results;

/// <summary>
/// An exact fraction of votes. 按分 (法68の2④) divides ambiguous ballots in proportion to
/// definite votes; the published share is truncated after the third decimal place, but when
/// that truncation could decide a seat the exact fraction must be shown, so the engine keeps
/// every quantity exact and never uses floating point.
/// </summary>
public readonly record struct Rational : IComparable<Rational>
{
    public static readonly Rational Zero = new(BigInteger.Zero, BigInteger.One, normalized: true);
    public static readonly Rational One = new(BigInteger.One, BigInteger.One, normalized: true);

    private readonly BigInteger _denominator;

    public BigInteger Numerator { get; }

    /// <summary>Always positive; the default value of the struct is zero (0/1).</summary>
    public BigInteger Denominator => _denominator.IsZero ? BigInteger.One : _denominator;

    private Rational(BigInteger numerator, BigInteger denominator, bool normalized)
    {
        _ = normalized;
        Numerator = numerator;
        _denominator = denominator;
    }

    public static Rational Create(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero)
        {
            throw new DivideByZeroException("A rational number needs a non-zero denominator.");
        }

        if (denominator.Sign < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }

        var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (!gcd.IsOne && !gcd.IsZero)
        {
            numerator /= gcd;
            denominator /= gcd;
        }

        return new Rational(numerator, numerator.IsZero ? BigInteger.One : denominator, normalized: true);
    }

    public static Rational FromInteger(long value) => new(value, BigInteger.One, normalized: true);

    public static Rational FromVotes(Votes votes) => Create(votes.Thousandths, Votes.Scale);

    public bool IsInteger => Denominator.IsOne;

    public int Sign => Numerator.Sign;

    public static Rational operator +(Rational a, Rational b) =>
        a.Denominator == b.Denominator
            ? Create(a.Numerator + b.Numerator, a.Denominator)
            : Create((a.Numerator * b.Denominator) + (b.Numerator * a.Denominator), a.Denominator * b.Denominator);

    public static Rational operator -(Rational a, Rational b) => a + Create(-b.Numerator, b.Denominator);

    public static Rational operator *(Rational a, Rational b) => Create(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

    public static Rational operator /(Rational a, Rational b) => Create(a.Numerator * b.Denominator, a.Denominator * b.Numerator);

    public static Rational operator *(Rational a, long b) => Create(a.Numerator * b, a.Denominator);

    public static Rational operator /(Rational a, long b) => Create(a.Numerator, a.Denominator * b);

    public static bool operator <(Rational a, Rational b) => a.CompareTo(b) < 0;

    public static bool operator >(Rational a, Rational b) => a.CompareTo(b) > 0;

    public static bool operator <=(Rational a, Rational b) => a.CompareTo(b) <= 0;

    public static bool operator >=(Rational a, Rational b) => a.CompareTo(b) >= 0;

    /// <summary>Exact comparison by cross-multiplication.</summary>
    public int CompareTo(Rational other) =>
        (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    public bool Equals(Rational other) => Numerator == other.Numerator && Denominator == other.Denominator;

    public override int GetHashCode() => HashCode.Combine(Numerator, Denominator);

    /// <summary>Drops everything after the third decimal place, the way published vote figures are cut (never rounded).</summary>
    public Votes TruncateToThousandths() =>
        Votes.FromThousandths((long)BigInteger.Divide(Numerator * Votes.Scale, Denominator));

    /// <summary>The smallest integer not below this value.</summary>
    public BigInteger Ceiling()
    {
        var q = BigInteger.DivRem(Numerator, Denominator, out var r);
        return r.Sign > 0 ? q + 1 : q;
    }

    /// <summary>The value truncated towards zero to <paramref name="decimals"/> places, as text.</summary>
    public string ToDecimalString(int decimals)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        var scale = BigInteger.Pow(10, decimals);
        var scaled = BigInteger.Divide(BigInteger.Abs(Numerator) * scale, Denominator);
        var whole = BigInteger.DivRem(scaled, scale, out var fraction);
        var sign = Numerator.Sign < 0 && !scaled.IsZero ? "-" : "";
        return decimals == 0
            ? sign + whole.ToString(CultureInfo.InvariantCulture)
            : sign + whole.ToString(CultureInfo.InvariantCulture) + "." + fraction.ToString(CultureInfo.InvariantCulture).PadLeft(decimals, '0');
    }

    /// <summary>"n/d" in lowest terms, or "n" for an integer.</summary>
    public string ToFractionString() =>
        IsInteger
            ? Numerator.ToString(CultureInfo.InvariantCulture)
            : Numerator.ToString(CultureInfo.InvariantCulture) + "/" + Denominator.ToString(CultureInfo.InvariantCulture);

    public override string ToString() => ToFractionString();
}

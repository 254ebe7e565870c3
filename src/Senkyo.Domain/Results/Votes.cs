using System.Globalization;

namespace Senkyo.Domain.Results;

/// <summary>
/// A published vote figure (得票数) in exact thousandths. Figures carry at most three decimal
/// places because 按分 shares (法68の2④) are cut after the third decimal place; a whole ballot
/// is 1000 thousandths. Never a floating-point number.
/// </summary>
public readonly record struct Votes : IComparable<Votes>
{
    /// <summary>Thousandths per ballot.</summary>
    public const long Scale = 1000;

    public static readonly Votes Zero;

    private Votes(long thousandths) => Thousandths = thousandths;

    public long Thousandths { get; }

    public static Votes FromThousandths(long thousandths) => new(thousandths);

    public static Votes FromBallots(long ballots) => new(checked(ballots * Scale));

    public bool IsWholeBallots => Thousandths % Scale == 0;

    public Rational ToRational() => Rational.FromVotes(this);

    /// <summary>Reads a decimal figure with at most three decimal places; anything finer is refused, not rounded.</summary>
    public static Votes FromDecimal(decimal value)
    {
        var scaled = value * Scale;
        if (scaled != decimal.Truncate(scaled))
        {
            throw new FormatException($"A vote figure has at most three decimal places: {value.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (scaled < 0)
        {
            throw new FormatException($"A vote figure cannot be negative: {value.ToString(CultureInfo.InvariantCulture)}.");
        }

        return new Votes(checked((long)scaled));
    }

    public static bool TryParse(string text, out Votes votes)
    {
        votes = Zero;
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        try
        {
            votes = FromDecimal(value);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public decimal ToDecimal() => Thousandths / (decimal)Scale;

    public static Votes operator +(Votes a, Votes b) => new(checked(a.Thousandths + b.Thousandths));

    public static Votes operator -(Votes a, Votes b) => new(checked(a.Thousandths - b.Thousandths));

    public static bool operator <(Votes a, Votes b) => a.Thousandths < b.Thousandths;

    public static bool operator >(Votes a, Votes b) => a.Thousandths > b.Thousandths;

    public static bool operator <=(Votes a, Votes b) => a.Thousandths <= b.Thousandths;

    public static bool operator >=(Votes a, Votes b) => a.Thousandths >= b.Thousandths;

    public int CompareTo(Votes other) => Thousandths.CompareTo(other.Thousandths);

    /// <summary>Whole ballots without decimals, a fraction with exactly three ("694578.943").</summary>
    public override string ToString() =>
        IsWholeBallots
            ? (Thousandths / Scale).ToString(CultureInfo.InvariantCulture)
            : (Thousandths / Scale).ToString(CultureInfo.InvariantCulture) + "." + (Thousandths % Scale).ToString("000", CultureInfo.InvariantCulture);

    /// <summary>Always three decimals, as official tables print them.</summary>
    public string ToFixed3() =>
        (Thousandths / Scale).ToString(CultureInfo.InvariantCulture) + "." + (Thousandths % Scale).ToString("000", CultureInfo.InvariantCulture);
}

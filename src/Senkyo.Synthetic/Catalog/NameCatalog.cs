using System.Globalization;
using System.Text;
using Senkyo.Synthetic.Sampling;

namespace Senkyo.Synthetic.Catalog;

/// <summary>A name with its reading in full-width katakana.</summary>
public sealed record NameEntry(string Kanji, string Kana);

/// <summary>
/// Surnames weighted by frequency rank, era- and sex-appropriate given names, variant kanji
/// (異体字) as a real register carries them, and foreign residents' names by nationality.
/// </summary>
public sealed class NameCatalog
{
    // Zipf exponent and head mass: calibrated so that rank 1 (佐藤) is ~1.5% of people and the
    // 500 ranked names carry ~70%, the rest spread over the IPADIC long tail.
    private const double ZipfExponent = 0.55;
    private const double HeadMass = 0.70;

    private readonly WeightedTable<NameEntry> _surnames;
    private readonly GivenNamePool[] _given; // index: sex 1 → 0, 2 → 1
    private readonly WeightedTable<ForeignNames> _foreign;

    private NameCatalog(WeightedTable<NameEntry> surnames, GivenNamePool[] given, WeightedTable<ForeignNames> foreign)
    {
        _surnames = surnames;
        _given = given;
        _foreign = foreign;
    }

    /// <summary>
    /// 異体字 a register keeps as written on the family register: each standard character may be
    /// written with one of these variants. Two are outside the BMP (𠮷, 𡈽) and one is an
    /// ideographic variation sequence (葛 + VS17), so every layer must handle surrogate pairs.
    /// </summary>
    public static IReadOnlyDictionary<char, string[]> Variants { get; } = new Dictionary<char, string[]>
    {
        ['高'] = ["髙"],
        ['崎'] = ["﨑"],
        ['辺'] = ["邊", "邉"],
        ['斎'] = ["齋"],
        ['吉'] = ["𠮷"],
        ['沢'] = ["澤"],
        ['浜'] = ["濱"],
        ['島'] = ["嶋"],
        ['広'] = ["廣"],
        ['国'] = ["國"],
        ['桜'] = ["櫻"],
        ['富'] = ["冨"],
        ['徳'] = ["德"],
        ['槙'] = ["槇"],
        ['葛'] = ["葛\U000E0100"],
        ['土'] = ["𡈽"],
        ['柳'] = ["栁"],
        ['瀬'] = ["瀨"],
        ['恵'] = ["惠"],
    };

    public static NameCatalog Load()
    {
        var ranked = new List<NameEntry>();
        var tail = new List<NameEntry>();
        foreach (var row in EmbeddedTable.Rows("surnames.tsv"))
        {
            (row[2] == "0" ? tail : ranked).Add(new NameEntry(row[0], row[1]));
        }

        var headWeights = ranked.Select((_, i) => 1.0 / Math.Pow(i + 1, ZipfExponent)).ToArray();
        var headTotal = headWeights.Sum();
        var entries = ranked.Select((n, i) => (n, HeadMass * headWeights[i] / headTotal))
            .Concat(tail.Select(n => (n, (1 - HeadMass) / tail.Count)));

        var given = new[] { new List<NameEntry>(), new List<NameEntry>() };
        foreach (var row in EmbeddedTable.Rows("given-names.tsv"))
        {
            given[row[0] == "1" ? 0 : 1].Add(new NameEntry(row[1], row[2]));
        }

        var foreign = new Dictionary<string, ForeignNames>(StringComparer.Ordinal);
        foreach (var row in EmbeddedTable.Rows("foreign-names.tsv"))
        {
            if (!foreign.TryGetValue(row[0], out var f))
            {
                f = foreign[row[0]] = new ForeignNames(row[0], double.Parse(row[1], CultureInfo.InvariantCulture), [], [], []);
            }

            var entry = new NameEntry(row[4], row[5]);
            (row[2] == "surname" ? f.Surnames : row[3] == "1" ? f.MaleGiven : f.FemaleGiven).Add(entry);
        }

        return new NameCatalog(
            new WeightedTable<NameEntry>(entries),
            [new GivenNamePool(1, given[0]), new GivenNamePool(2, given[1])],
            new WeightedTable<ForeignNames>(foreign.Values.Select(f => (f, f.Share))));
    }

    public int SurnameCount => _surnames.Count;

    public NameEntry Surname(ref Rng rng) => _surnames.Sample(ref rng);

    /// <summary>A given name for this sex, drawn with the fashions of the birth year.</summary>
    public NameEntry GivenName(int sex, int birthYear, ref Rng rng) => _given[sex == 1 ? 0 : 1].Sample(birthYear, ref rng);

    public ForeignNames ForeignNationality(ref Rng rng) => _foreign.Sample(ref rng);

    /// <summary>Writes the name with one character replaced by a variant, or returns null when it has none.</summary>
    public static string? WithVariant(string name, ref Rng rng)
    {
        var candidates = 0;
        foreach (var c in name)
        {
            if (Variants.ContainsKey(c))
            {
                candidates++;
            }
        }

        if (candidates == 0)
        {
            return null;
        }

        var pick = rng.Next(candidates);
        var sb = new StringBuilder(name.Length + 2);
        foreach (var c in name)
        {
            if (Variants.TryGetValue(c, out var forms) && pick-- == 0)
            {
                sb.Append(forms[rng.Next(forms.Length)]);
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}

/// <summary>Name components of one nationality's residents (synthetic combinations only).</summary>
public sealed record ForeignNames(string Nationality, double Share, List<NameEntry> Surnames, List<NameEntry> MaleGiven, List<NameEntry> FemaleGiven)
{
    public bool WritesInLatin => Surnames.Count > 0 && Surnames[0].Kanji[0] < 0x80;

    public NameEntry GivenName(int sex, ref Rng rng)
    {
        var pool = sex == 1 ? MaleGiven : FemaleGiven;
        return pool[rng.Next(pool.Count)];
    }

    public NameEntry Surname(ref Rng rng) => Surnames[rng.Next(Surnames.Count)];
}

/// <summary>
/// Given names of one sex in three styles whose shares follow the birth year: classic
/// (women's names ending in 子, men's in 郎・夫・雄…), modern (翔・蓮・結・莉…) and the rest.
/// </summary>
internal sealed class GivenNamePool
{
    private readonly NameEntry[] _classic;
    private readonly NameEntry[] _modern;
    private readonly NameEntry[] _neutral;
    private readonly int _sex;

    public GivenNamePool(int sex, List<NameEntry> names)
    {
        _sex = sex;
        var classicEndings = sex == 2 ? "子" : "郎夫雄男吉蔵治三次造作衛平助";
        var modernChars = sex == 2 ? "結凛莉愛優心陽咲菜希羽彩葵芽琴杏紬澪凪乃" : "翔斗蓮陽悠颯湊樹輝蒼奏律陸凪碧暖晴";
        _classic = [.. names.Where(n => classicEndings.Contains(n.Kanji[^1], StringComparison.Ordinal))];
        _modern = [.. names.Where(n => !classicEndings.Contains(n.Kanji[^1], StringComparison.Ordinal) && n.Kanji.Any(c => modernChars.Contains(c, StringComparison.Ordinal)))];
        _neutral = [.. names.Except(_classic).Except(_modern)];
        _shares = [.. Enumerable.Range(FirstYear, LastYear - FirstYear + 1).Select(y => Shares(sex, y))];
    }

    private const int FirstYear = 1900;
    private const int LastYear = 2100;
    private readonly (double Classic, double Modern)[] _shares;

    public NameEntry Sample(int birthYear, ref Rng rng)
    {
        var (classic, modern) = _shares[Math.Clamp(birthYear - FirstYear, 0, _shares.Length - 1)];
        var x = rng.NextDouble();
        var pool = x < classic ? _classic : x < classic + modern ? _modern : _neutral;
        return pool[rng.Next(pool.Length)];
    }

    /// <summary>Share of classic and modern names among people born in a year (piecewise linear).</summary>
    public static (double Classic, double Modern) Shares(int sex, int year) => sex == 2
        ? (Interpolate(year, (1940, 0.80), (1950, 0.75), (1960, 0.65), (1970, 0.45), (1980, 0.20), (1990, 0.07), (2000, 0.03)),
           Interpolate(year, (1960, 0.03), (1980, 0.10), (1995, 0.35), (2010, 0.55)))
        : (Interpolate(year, (1940, 0.75), (1955, 0.60), (1970, 0.35), (1985, 0.15), (2000, 0.05)),
           Interpolate(year, (1965, 0.03), (1985, 0.15), (2000, 0.40), (2010, 0.60)));

    private static double Interpolate(int year, params (int Year, double Value)[] points)
    {
        if (year <= points[0].Year)
        {
            return points[0].Value;
        }

        for (var i = 1; i < points.Length; i++)
        {
            if (year <= points[i].Year)
            {
                var (y0, v0) = points[i - 1];
                var (y1, v1) = points[i];
                return v0 + ((v1 - v0) * (year - y0) / (y1 - y0));
            }
        }

        return points[^1].Value;
    }
}

using System.Globalization;
using System.Reflection;

namespace Senkyo.Web.Accounts;

/// <summary>
/// Rules for passwords chosen by staff, after NIST SP 800-63B §3.1.1.2: no composition rules,
/// at least 8 characters because every account also has a second factor (15 for a password
/// ever used alone — only the system's one-time passwords are, and they are 20), at most 128,
/// and never one of the 10,000 most common passwords or the user name itself.
/// </summary>
public sealed class PasswordPolicy
{
    public const int MinimumLengthWithSecondFactor = 8;
    public const int MinimumLengthWithoutSecondFactor = 15;
    public const int MaximumLength = 128;

    private readonly HashSet<string> _common;

    public PasswordPolicy()
        : this(LoadEmbeddedList())
    {
    }

    public PasswordPolicy(IEnumerable<string> commonPasswords) =>
        _common = new HashSet<string>(commonPasswords, StringComparer.OrdinalIgnoreCase);

    public int CommonPasswordCount => _common.Count;

    /// <summary>Null when acceptable, otherwise the reason in Japanese for the person choosing it.</summary>
    public string? Check(string? password, string userName, bool withSecondFactor = true)
    {
        if (string.IsNullOrEmpty(password))
        {
            return "パスワードを入力してください。";
        }

        // Counted in user-perceived characters, so a kanji or an emoji counts as one.
        var length = new StringInfo(password).LengthInTextElements;
        var minimum = withSecondFactor ? MinimumLengthWithSecondFactor : MinimumLengthWithoutSecondFactor;
        if (length < minimum)
        {
            return $"パスワードは{minimum}文字以上にしてください。";
        }

        if (length > MaximumLength)
        {
            return $"パスワードは{MaximumLength}文字以内にしてください。";
        }

        if (_common.Contains(password))
        {
            return "よく使われるパスワードのため使えません。推測されにくい語句を選んでください。";
        }

        if (string.Equals(password, userName, StringComparison.OrdinalIgnoreCase))
        {
            return "ユーザー名と同じパスワードは使えません。";
        }

        return null;
    }

    private static List<string> LoadEmbeddedList()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Senkyo.Web.Accounts.common-passwords.txt")
            ?? throw new InvalidOperationException("embedded common-passwords.txt missing");
        using var reader = new StreamReader(stream);
        var list = new List<string>(10_000);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                list.Add(line);
            }
        }

        return list;
    }
}

namespace Senkyo.Web.Pages;

/// <summary>
/// Both forms that set a password — the one-time password replaced at sign-in and the change on 自分のアカウント —
/// ask for the new password twice, and go no further when the two differ.
/// </summary>
internal static class PasswordConfirmation
{
    /// <summary>The message to show when the two entries differ; null when they match.</summary>
    public static string? Mismatch(string? newPassword, string? confirmation) =>
        string.Equals(newPassword, confirmation, StringComparison.Ordinal) ? null : "確認のために入力したパスワードが一致しません。";
}

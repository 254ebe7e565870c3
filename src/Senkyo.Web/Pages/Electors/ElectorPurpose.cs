using System.Text.RegularExpressions;
using Senkyo.Web.Accounts;

namespace Senkyo.Web.Pages.Electors;

/// <summary>
/// Why a staff member opens an elector's record (閲覧の目的): a code from a short list, and an optional reference
/// (受付番号 and the like). Both become the audit event's purpose code ("inquiry:R8-00123"), so the reference is
/// limited to ASCII letters, digits and '-' — a name or address typed there would otherwise enter the audit chain,
/// which is kept forever and shown to auditors.
/// </summary>
/// <remarks>
/// Which purposes a role may give: 名簿担当 all five; 選挙担当 all but 名簿修正 (correcting the register is the register
/// clerks' work); 受付 only 選挙事務 — at a voting place a record is opened to check a voter in, and certificates,
/// corrections and audit requests are handled at the office, not at the station.
/// </remarks>
public sealed partial record ElectorPurpose(string Code, string Name)
{
    public const int MaxReferenceLength = 32;

    public static ElectorPurpose Inquiry { get; } = new("inquiry", "窓口照会");

    public static ElectorPurpose Certificate { get; } = new("certificate", "証明書発行");

    public static ElectorPurpose Correction { get; } = new("correction", "名簿修正");

    public static ElectorPurpose ElectionWork { get; } = new("election-work", "選挙事務");

    public static ElectorPurpose AuditResponse { get; } = new("audit-response", "監査対応");

    public static IReadOnlyList<ElectorPurpose> All { get; } = [Inquiry, Certificate, Correction, ElectionWork, AuditResponse];

    /// <summary>The purpose of a search (検索): the results list shows only what an inquiry needs.</summary>
    public const string SearchCode = "elector-search";

    public static IReadOnlyList<ElectorPurpose> For(StaffRole? role) => role switch
    {
        StaffRole.RegisterClerk => All,
        StaffRole.ElectionClerk => [Inquiry, Certificate, ElectionWork, AuditResponse],
        StaffRole.Reception => [ElectionWork],
        _ => [],
    };

    /// <summary>The audit purpose code, or a Japanese error naming the field.</summary>
    public static (string? Code, string? Error) Compose(StaffRole? role, string? purpose, string? reference)
    {
        var chosen = For(role).FirstOrDefault(p => p.Code == purpose);
        if (chosen is null)
        {
            return (null, "閲覧の目的を一覧から選んでください。");
        }

        var r = reference?.Trim();
        if (string.IsNullOrEmpty(r))
        {
            return (chosen.Code, null);
        }

        if (!ReferencePattern().IsMatch(r))
        {
            return (null, $"参照番号には半角の英字・数字・ハイフンだけを{MaxReferenceLength}文字まで入力できます（例：R8-00123）。" +
                "参照番号は監査記録に目的の一部として残るため、氏名・住所などの個人情報は書かないでください。");
        }

        return (chosen.Code + ":" + r, null);
    }

    [GeneratedRegex("^[A-Za-z0-9-]{1,32}$")]
    private static partial Regex ReferencePattern();
}

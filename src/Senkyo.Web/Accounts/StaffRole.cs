namespace Senkyo.Web.Accounts;

/// <summary>
/// 職員の役割: what a staff account may do. Every account has exactly one role and is scoped to
/// wards (区); see docs/glossary.md "職員と権限".
/// </summary>
public enum StaffRole
{
    /// <summary>システム管理者: accounts and configuration; reads no personal data by default.</summary>
    SystemAdministrator,

    /// <summary>名簿担当: the register — imports, registrations, inquiries.</summary>
    RegisterClerk,

    /// <summary>選挙担当: elections, places, staff, absentee requests, documents.</summary>
    ElectionClerk,

    /// <summary>受付: check-in at one assigned voting place (投票所 or 期日前投票所).</summary>
    Reception,

    /// <summary>開票担当: tallies per counting step, 按分, 速報.</summary>
    CountingStaff,

    /// <summary>監査担当: audit review and export approval.</summary>
    Auditor,
}

public static class StaffRoleNames
{
    public static string Japanese(this StaffRole role) => role switch
    {
        StaffRole.SystemAdministrator => "システム管理者",
        StaffRole.RegisterClerk => "名簿担当",
        StaffRole.ElectionClerk => "選挙担当",
        StaffRole.Reception => "受付",
        StaffRole.CountingStaff => "開票担当",
        StaffRole.Auditor => "監査担当",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static bool TryParse(string? text, out StaffRole role) =>
        Enum.TryParse(text, ignoreCase: false, out role) && Enum.IsDefined(role);
}

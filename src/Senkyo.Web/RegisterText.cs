using System.Globalization;
using Senkyo.Domain.Register;
using Senkyo.Storage;

namespace Senkyo.Web;

/// <summary>
/// Japanese wording of the register for every screen, in one place: 資格区分 (<see cref="ElectorStatus"/>), the changes
/// and 異動 of a history row or an import with their reasons — 登録事由 (11 年齢到達, 12 転入3か月), 表示事由 (法27①),
/// 抹消事由 (法28) — their source, and the kinds of registration run.
/// </summary>
public static class RegisterText
{
    public static string Status(ElectorStatus status) => status switch
    {
        ElectorStatus.Elector => "選挙人",
        ElectorStatus.Marked => "表示（転出）",
        ElectorStatus.Deleted => "抹消",
        ElectorStatus.Disqualified => "失権",
        _ => "名簿登録なし",
    };

    public static string Change(string change) => change switch
    {
        "register" => "登録",
        "mark" => "表示",
        "clear_mark" => "表示の消除",
        "delete" => "抹消",
        "move_in" => "転入",
        "birth" => "出生",
        "move_out" => "転出",
        "move_within" => "市内転居",
        "death" => "死亡",
        "name_change" => "氏名の変更",
        "nationality_gained" => "国籍の取得",
        "nationality_lost" => "国籍の喪失",
        "import" => "住民記録の取り込み",
        _ => change,
    };

    public static string Reason(RegisterHistoryEntry row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Reason is not { } reason)
        {
            return "—";
        }

        return row.Change switch
        {
            "register" => (RegistrationReason)reason switch
            {
                RegistrationReason.CameOfAge => "年齢到達（11）",
                RegistrationReason.ThreeMonthsAfterMoveIn => "転入後3か月経過（12）",
                _ => Code(reason),
            },
            "mark" or "clear_mark" => (MarkReason)reason switch
            {
                MarkReason.MovedOut => "転出（法27①）",
                MarkReason.LostVotingRight => "選挙権の喪失（法11・法252）",
                _ => Code(reason),
            },
            "delete" => (DeletionReason)reason switch
            {
                DeletionReason.Death => "死亡（法28一）",
                DeletionReason.NationalityLost => "国籍喪失（法28一）",
                DeletionReason.FourMonthsAfterMoveOut => "転出後4か月経過（法28二）",
                DeletionReason.WronglyEntered => "誤載（法28三）",
                DeletionReason.DoubleRegistration => "二重登録",
                DeletionReason.TransferredToOverseasRegister => "在外選挙人名簿への登録の移転",
                _ => Code(reason),
            },
            _ => Code(reason),
        };
    }

    public static string RunKind(string kind) => kind switch
    {
        "periodic" => "定時登録",
        "election" => "選挙時登録",
        "process" => "名簿の整理",
        _ => kind,
    };

    /// <summary>file:SEQ is an interface (異動) file, run:SEQ a registration run.</summary>
    public static string Source(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var colon = source.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return source;
        }

        var number = source[(colon + 1)..];
        return source[..colon] switch
        {
            "file" => $"住民記録ファイル {number}",
            "run" => $"登録処理 {number}",
            _ => source,
        };
    }

    private static string Code(int reason) => "事由コード " + reason.ToString("00", CultureInfo.InvariantCulture);
}

namespace Senkyo.Web.Pages.Register;

/// <summary>Japanese names of the register's codes (異動事由, 名簿の変更, 登録の種類) for the 名簿 screens.</summary>
public static class RegisterText
{
    public static string EventName(string code) => code switch
    {
        "move_in" => "転入",
        "move_out" => "転出",
        "move_within" => "転居（市内）",
        "death" => "死亡",
        "birth" => "出生",
        "name_change" => "氏名変更",
        "nationality_gained" => "国籍取得・帰化",
        "nationality_lost" => "国籍喪失",
        _ => code,
    };

    public static string ChangeName(string code) => code switch
    {
        "mark" => "表示（法27①）",
        "clear_mark" => "表示の消除（令16）",
        "delete" => "抹消（法28）",
        "register" => "登録",
        _ => code,
    };

    public static string RunKindName(string kind) => kind switch
    {
        "periodic" => "定時登録",
        "election" => "選挙時登録",
        "process" => "名簿の整理",
        _ => kind,
    };
}

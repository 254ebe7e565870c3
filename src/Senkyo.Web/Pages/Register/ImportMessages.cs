using System.Globalization;
using System.Text.RegularExpressions;

namespace Senkyo.Web.Pages.Register;

/// <summary>
/// The importer's findings in Japanese for 名簿担当: each kind of problem the store reports for a row
/// (Senkyo.Storage.Import.ImportError: line, column, problem) and each reason it refuses a whole file
/// (StoreRefusedException: already applied, out of order, synthetic vs production …). The store's texts are English and
/// name no personal value; the Japanese ones keep it that way. An unknown text is shown as it is, after a Japanese lead.
/// </summary>
public static class ImportMessages
{
    private static readonly Dictionary<string, string> Columns = new(StringComparer.Ordinal)
    {
        ["resident_id"] = "住民票コード",
        ["household_id"] = "世帯番号",
        ["relationship"] = "続柄",
        ["surname"] = "氏",
        ["given_name"] = "名",
        ["surname_kana"] = "氏（カナ）",
        ["given_name_kana"] = "名（カナ）",
        ["sex"] = "性別",
        ["birth_date"] = "生年月日",
        ["nationality"] = "国籍",
        ["postal_code"] = "郵便番号",
        ["ward_code"] = "区コード",
        ["town_code"] = "町丁目コード",
        ["address"] = "住所",
        ["banchi"] = "番地",
        ["building"] = "方書",
        ["phone"] = "電話番号",
        ["resident_since"] = "住定日",
        ["previous_address"] = "前住所",
        ["event_id"] = "異動番号",
        ["event"] = "異動事由",
        ["event_date"] = "異動日",
        ["filing_date"] = "届出日",
        ["destination_prefecture"] = "転出先都道府県",
        ["destination_address"] = "転出先住所",
    };

    private static readonly Dictionary<string, string> FileKinds = new(StringComparer.Ordinal)
    {
        ["resident-file"] = "住民記録ファイル",
        ["change-file"] = "異動ファイル",
    };

    private static readonly (Regex Pattern, Func<Match, string> Text)[] RowProblems =
    [
        (P(@"^field is (\d+) characters long, at most (\d+) allowed"), m => $"長すぎます（{m.Groups[1].Value}文字。{m.Groups[2].Value}文字まで）。"),
        (P(@"^oversized field$"), _ => "長すぎます。"),
        (P(@"^control character in field$"), _ => "制御文字（改行・タブなど）が含まれています。"),
        (P(@"^bytes that are not valid in the file's encoding"), _ => "文字コードとして正しくないバイトがあります（UTF-8かCP932（Shift_JIS）で保存されているか確認してください）。"),
        (P(@"^check digit does not match"), _ => "チェックデジットが合いません（住民票コードの入力誤り）。"),
        (P(@"^must be (\d+) digits without hyphen$"), m => $"ハイフンなしの{m.Groups[1].Value}桁の数字にしてください。"),
        (P(@"^must be (\d+) digits$"), m => $"{m.Groups[1].Value}桁の数字にしてください。"),
        (P(@"^must not be empty$"), _ => "空欄にはできません。"),
        (P(@"^must be full-width katakana"), _ => "全角カタカナ（ァ〜ヺ、ー）だけで書いてください。"),
        (P(@"^must be 1 \(male\) or 2 \(female\)$"), _ => "1（男）か2（女）にしてください。"),
        (P(@"^impossible birth date \(after the file's date (\d{4}-\d{2}-\d{2})"), m => $"ありえない生年月日です（ファイルの基準日 {Date(m.Groups[1].Value)} より後か、1873年より前）。"),
        (P(@"^impossible birth date$"), _ => "ありえない生年月日です。"),
        (P(@"^must be JPN or an ISO 3166-1 alpha-3 code$"), _ => "JPN か ISO 3166-1 の3文字の国コード（英大文字）にしてください。"),
        (P(@"^unknown town code"), _ => "この市の町丁目コードではありません（市の設定にない町丁目）。"),
        (P(@"^must be empty or digits and hyphens$"), _ => "空欄か、数字とハイフンだけにしてください。"),
        (P(@"^does not match the ward of the town code$"), _ => "町丁目コードの区と一致しません。"),
        (P(@"^impossible 住定日"), _ => "ありえない住定日です（生年月日より前か、ファイルの基準日より後）。"),
        (P(@"^impossible or malformed date"), _ => "日付が正しくありません（実在する日を yyyy-MM-dd の形で）。"),
        (P(@"^duplicate resident number"), _ => "住民票コードが重複しています（前の行に同じ番号があります）。"),
        (P(@"^header must be exactly: (.*)$"), m => $"見出し行が正しくありません。次のとおりにしてください：{m.Groups[1].Value}"),
        (P(@"^malformed CSV: (\d+) fields, expected (\d+)"), m => $"CSVの形が崩れています（項目が{m.Groups[1].Value}個、正しくは{m.Groups[2].Value}個。引用符の閉じ忘れか余分なカンマ？）。"),
        (P(@"^malformed CSV: quote inside an unquoted field$"), _ => "CSVの形が崩れています（引用符で囲まれていない項目の中に \" があります）。"),
        (P(@"^malformed CSV: quoted field is not closed$"), _ => "CSVの形が崩れています（引用符が閉じていません）。"),
        (P(@"^malformed CSV: lone quote inside a quoted field$"), _ => "CSVの形が崩れています（引用符の中の \" が二重になっていません）。"),
        (P(@"^malformed CSV"), _ => "CSVの形が崩れています。"),
        (P(@"^expected (\d+) \(events are numbered"), m => $"異動番号は{m.Groups[1].Value}のはずです（届出順に1, 2, 3 …と連番）。"),
        (P(@"^unknown event"), _ => "異動事由が正しくありません（move_in, move_out, move_within, death, birth, name_change, nationality_gained, nationality_lost のいずれか）。"),
        (P(@"^outside the file's period (\d{4}-\d{2}-\d{2})–(\d{4}-\d{2}-\d{2})$"), m => $"届出日がファイルの期間（{Date(m.Groups[1].Value)}〜{Date(m.Groups[2].Value)}）の外です。"),
        (P(@"^lines are not in filing order$"), _ => "行が届出日の順に並んでいません。"),
        (P(@"^more than 14 days after the filing date$"), _ => "異動日が届出日の14日より後です。"),
        (P(@"^a move-out names the prefecture moved to$"), _ => "転出には転出先の都道府県が必要です。"),
        (P(@"^only a move-out has a destination$"), _ => "転出先は転出のときだけ書きます。"),
        (P(@"^a new resident with a number already used earlier in the file$"), _ => "新しい住民（転入・出生）の住民票コードが、前の行で既に使われています。"),
        (P(@"^a move-in or birth for a resident number the register already holds$"), _ => "転入・出生ですが、この住民票コードの住民は既に登録されています。"),
        (P(@"^event for a resident who does not exist"), _ => "この住民票コードの住民がいません（名簿にも、ファイルの前の行にもありません）。"),
        (P(@"^event for a resident recorded as deceased$"), _ => "死亡として記録されている住民の異動です。"),
    ];

    private static readonly (Regex Pattern, Func<Match, string> Text)[] Refusals =
    [
        (P(@"already applied \(import (\d+),"), m => $"このファイルは既に取り込まれています（取込番号 {m.Groups[1].Value}）。同じファイルは一度しか反映できません。何も変更されていません。"),
        (P(@"this store already holds residents"), _ => "この名簿には既に住民が取り込まれています。住民記録ファイルは最初に一度だけ取り込み、その後の変更は異動ファイルで反映します。何も変更されていません。"),
        (P(@"this production store refuses synthetic data"), _ => "合成データ（#SENKYO-SYNTHETIC の印がある）ファイルです。本番の名簿には取り込めません。何も変更されていません。"),
        (P(@"this synthetic store refuses production data"), _ => "1行目に合成データの印（#SENKYO-SYNTHETIC）がありません。デモ（合成データ）の名簿には本番のファイルを取り込めません。何も変更されていません。"),
        (P(@"the marker says '([a-z-]+)', expected '([a-z-]+)'"), m => $"1行目の印によると、このファイルは{Kind(m.Groups[1].Value)}です。ファイルの種類で「{Kind(m.Groups[1].Value)}」を選んでください。何も変更されていません。"),
        (P(@"does not say which day it describes"), _ => "ファイルに基準日がありません。「ファイルの基準日」を入力してください。何も変更されていません。"),
        (P(@"the marker must carry from="), _ => "1行目の印に期間（from=、to=）と元のファイル（base-sha256=）が書かれていません。何も変更されていません。"),
        (P(@"no resident file has been imported yet"), _ => "まだ住民記録ファイルが取り込まれていません。異動ファイルは住民記録ファイルの続きとして反映します。何も変更されていません。"),
        (P(@"base-sha256 \S+ is not the state this store holds"), _ => "この異動ファイルは、この名簿が取り込んだファイルの続きではありません（元のファイルが違います）。何も変更されていません。"),
        (P(@"out of order: the period starts (\d{4}-\d{2}-\d{2}) but the store already covers up to (\d{4}-\d{2}-\d{2})"),
            m => $"順番が違います。このファイルの期間は{Date(m.Groups[1].Value)}からですが、名簿は既に{Date(m.Groups[2].Value)}までの異動を反映しています。何も変更されていません。"),
        (P(@"out of order: the period starts (\d{4}-\d{2}-\d{2}) but the last applied ended (\d{4}-\d{2}-\d{2})"),
            m => $"順番が違います。このファイルの期間は{Date(m.Groups[1].Value)}からですが、前に反映したファイルは{Date(m.Groups[2].Value)}までです。間の期間の異動ファイルを先に取り込んでください。何も変更されていません。"),
        (P(@"the file changed while it was being"), _ => "取り込みの途中でファイルが変わりました。もう一度取り込んでください。何も変更されていません。"),
        (P(@"^city\.json is \w+ but this store is \w+"), _ => "市の設定（city.json）と名簿の種類（合成データ／本番）が一致しません。システム管理者に連絡してください。何も変更されていません。"),
    ];

    /// <summary>住民票コード（resident_id）</summary>
    public static string Column(string? column) => column is null
        ? "—"
        : Columns.TryGetValue(column, out var label) ? $"{label}（{column}）" : column;

    public static string Problem(string problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return Match(RowProblems, problem) ?? "内容に誤りがあります：" + problem;
    }

    /// <summary>The store's reason for refusing a file, without the temporary file's path it starts with.</summary>
    public static string Refusal(string message, string uploadedPath)
    {
        ArgumentNullException.ThrowIfNull(message);
        var reason = message.Replace(uploadedPath + ": ", "", StringComparison.Ordinal).Replace(uploadedPath, "(ファイル)", StringComparison.Ordinal);
        return Match(Refusals, reason) ?? "取り込みを受け付けませんでした：" + reason + " 何も変更されていません。";
    }

    public static bool IsKnownProblem(string problem) => Match(RowProblems, problem) is not null;

    public static bool IsKnownRefusal(string message) => Match(Refusals, message) is not null;

    private static string? Match((Regex Pattern, Func<Match, string> Text)[] rules, string text)
    {
        foreach (var (pattern, render) in rules)
        {
            var m = pattern.Match(text);
            if (m.Success)
            {
                return render(m);
            }
        }

        return null;
    }

    private static string Kind(string code) => FileKinds.GetValueOrDefault(code, code);

    private static string Date(string iso) =>
        DateOnly.TryParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? Display.Date(d) : iso;

    private static Regex P(string pattern) => new(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}

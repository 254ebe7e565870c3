using Microsoft.Extensions.Options;
using Senkyo.Storage;
using Senkyo.Web.Pages.Register;

namespace Senkyo.Web.Tests;

/// <summary>The parts of the 名簿 pages on their own: Japanese import messages, the upload folder, one-time run ids.</summary>
public sealed class RegisterPartsTests
{
    /// <summary>Problems as Senkyo.Storage's importer words them (ResidentColumns, SenkyoStore.Import/Changes).</summary>
    public static TheoryData<string, string> RowProblems => new()
    {
        { "field is 500 characters long, at most 60 allowed (oversized field)", "長すぎます（500文字。60文字まで）" },
        { "oversized field", "長すぎます" },
        { "control character in field", "制御文字" },
        { "bytes that are not valid in the file's encoding (wrong encoding? try --encoding utf-8 or cp932)", "文字コード" },
        { "check digit does not match (mistyped resident number)", "チェックデジット" },
        { "must be 11 digits", "11桁の数字" },
        { "must be 7 digits without hyphen", "ハイフンなしの7桁" },
        { "must not be empty", "空欄" },
        { "must be full-width katakana (ァ–ヺ, ー) only", "全角カタカナ" },
        { "must be 1 (male) or 2 (female)", "1（男）か2（女）" },
        { "impossible birth date (after the file's date 2026-11-28 or before 1873)", "令和8年11月28日 (2026)" },
        { "must be JPN or an ISO 3166-1 alpha-3 code", "国コード" },
        { "unknown town code (not in city.json)", "町丁目コード" },
        { "must be empty or digits and hyphens", "数字とハイフン" },
        { "does not match the ward of the town code", "区と一致しません" },
        { "impossible 住定日 (before the birth date or after the file's date)", "住定日" },
        { "impossible or malformed date (expected yyyy-MM-dd)", "日付が正しくありません" },
        { "duplicate resident number (already on an earlier line)", "重複" },
        { "header must be exactly: resident_id,household_id", "見出し行" },
        { "malformed CSV: 18 fields, expected 19 (an unclosed quote or a stray comma?)", "項目が18個、正しくは19個" },
        { "malformed CSV: quoted field is not closed", "引用符が閉じていません" },
        { "malformed CSV (InvalidDataException)", "CSVの形が崩れています" },
        { "expected 3 (events are numbered 1, 2, 3 … in filing order)", "異動番号は3のはず" },
        { "unknown event (known: move_in, move_out)", "異動事由" },
        { "outside the file's period 2026-11-29–2027-02-28", "令和8年11月29日 (2026)〜令和9年2月28日 (2027)" },
        { "lines are not in filing order", "届出日の順" },
        { "more than 14 days after the filing date", "14日" },
        { "a move-out names the prefecture moved to", "転出先の都道府県" },
        { "only a move-out has a destination", "転出のときだけ" },
        { "a new resident with a number already used earlier in the file", "前の行で既に使われています" },
        { "a move-in or birth for a resident number the register already holds", "既に登録されています" },
        { "event for a resident who does not exist (not in the store, not created earlier in the file)", "住民がいません" },
        { "event for a resident recorded as deceased", "死亡" },
    };

    [Theory]
    [MemberData(nameof(RowProblems))]
    public void Every_row_problem_of_the_importer_reads_in_Japanese(string problem, string japanese)
    {
        Assert.True(ImportMessages.IsKnownProblem(problem));
        Assert.Contains(japanese, ImportMessages.Problem(problem), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_problem_is_shown_as_it_is_after_a_Japanese_lead()
    {
        Assert.False(ImportMessages.IsKnownProblem("something new"));
        Assert.Equal("内容に誤りがあります：something new", ImportMessages.Problem("something new"));
        Assert.Equal("住民票コード（resident_id）", ImportMessages.Column("resident_id"));
        Assert.Equal("—", ImportMessages.Column(null));
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "P: already applied (import 3, sha256 0123456789abcdef…); a file is applied once. Nothing was changed.", "既に取り込まれています（取込番号 3）" },
        { "P: this store already holds residents; a resident file is the starting point and is imported once.", "既に住民が取り込まれています" },
        { "P: line 1: the file is synthetic (#SENKYO-SYNTHETIC); this production store refuses synthetic data. Nothing was applied.", "本番の名簿には取り込めません" },
        { "P: line 1: no #SENKYO-SYNTHETIC marker: this synthetic store refuses production data. Nothing was applied.", "本番のファイルを取り込めません" },
        { "P: line 1: the marker says 'change-file', expected 'resident-file'.", "このファイルは異動ファイルです" },
        { "P: the file does not say which day it describes; give the date (--as-of).", "ファイルの基準日" },
        { "P: line 1: the marker must carry from=, to= and base-sha256=.", "base-sha256=" },
        { "P: no resident file has been imported yet; a change file continues one.", "まだ住民記録ファイルが取り込まれていません" },
        { "P: base-sha256 0123456789abcdef… is not the state this store holds (last applied fedcba9876543210…); nothing was applied.", "続きではありません" },
        { "P: out of order: the period starts 2026-11-29 but the store already covers up to 2027-02-28; nothing was applied.", "名簿は既に令和9年2月28日 (2027)まで" },
        { "P: out of order: the period starts 2027-06-01 but the last applied ended 2027-02-28; the file for the days between is missing. Nothing was applied.", "間の期間" },
        { "P: the file changed while it was being imported; nothing was applied.", "ファイルが変わりました" },
        { "city.json is synthetic but this store is production; it refuses the other kind.", "city.json" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Every_refusal_of_a_file_reads_in_Japanese_without_the_temporary_path(string message, string japanese)
    {
        const string path = "/srv/senkyo/data/uploads/upload-0123.tmp";
        var text = ImportMessages.Refusal(message.Replace("P:", path + ":", StringComparison.Ordinal), path);
        Assert.Contains(japanese, text, StringComparison.Ordinal);
        Assert.DoesNotContain("upload-0123", text, StringComparison.Ordinal);
        Assert.EndsWith("何も変更されていません。", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_upload_folder_is_private_and_clears_what_a_crash_left_behind()
    {
        var data = Directory.CreateTempSubdirectory("senkyo-uploads-").FullName;
        try
        {
            var folder = new UploadFolder(Options.Create(new SenkyoWebOptions { DataPath = data }));
            Directory.CreateDirectory(folder.Path);
            var leftover = Path.Combine(folder.Path, "upload-left-by-a-crash.tmp");
            File.WriteAllText(leftover, "x");

            var (path, stream) = folder.Create();
            stream.Dispose();
            var (second, again) = folder.Create();
            again.Dispose();

            Assert.False(File.Exists(leftover));
            Assert.True(File.Exists(path)); // only the first use sweeps: a later upload never deletes one in progress
            Assert.StartsWith(Path.GetFullPath(data), Path.GetFullPath(path), StringComparison.Ordinal);
            Assert.NotEqual(path, second);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder.Path));
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_one_time_id_runs_once_for_its_own_account_and_expires_unused()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero));
        var runs = new RegisterRuns(time);
        var request = new ProcessRunRequest(new DateOnly(2026, 12, 31));
        var counts = new RegisterRunResult(0, "process", request.AsOf, request.AsOf, request.AsOf, 5, [new WardCount("271411", 0, 1, 2)]);
        var calls = 0;
        Task<RegisterRunResult> Run(RegisterRunRequest r)
        {
            calls++;
            return Task.FromResult(counts with { Run = 9 });
        }

        var id = runs.Issue(1, request, counts);
        Assert.Null(await runs.RunOnceAsync(id, 2, Run));
        var first = await runs.RunOnceAsync(id, 1, Run);
        var second = await runs.RunOnceAsync(id, 1, Run);
        Assert.Equal(1, calls);
        Assert.False(first!.Repeated);
        Assert.True(second!.Repeated);
        Assert.True(first.MatchesPreview);
        Assert.Equal(9, second.Result.Run);

        var unused = runs.Issue(1, request, counts);
        time.Advance(RegisterRuns.ConfirmationLifetime + TimeSpan.FromSeconds(1));
        Assert.Null(await runs.RunOnceAsync(unused, 1, Run));
        Assert.NotNull(await runs.RunOnceAsync(id, 1, Run)); // a used id is remembered longer than an unused one
        Assert.Equal(1, calls);
    }
}

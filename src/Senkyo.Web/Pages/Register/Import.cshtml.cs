using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Senkyo.Domain.Dates;
using Senkyo.Storage;
using Senkyo.Storage.Import;
using Senkyo.Web.City;
using Senkyo.Web.Security;
using Senkyo.Web.Store;

namespace Senkyo.Web.Pages.Register;

/// <summary>
/// 名簿の取込: 名簿担当 uploads a resident file (住民記録ファイル) or a change file (異動ファイル) and the store imports it
/// (docs/formats/resident-file.md, change-file.md). A file with any error changes nothing and its errors are listed by
/// line and column in Japanese; a file already applied, out of order, or of the wrong kind (synthetic vs production)
/// is refused with the reason. The body is streamed to the data folder (<see cref="StreamedUpload"/>), so the page has
/// no bound properties: model binding would read, and buffer, the whole form.
/// </summary>
[Authorize(Policy = Policies.RegisterMaintenance)]
[IgnoreAntiforgeryToken] // checked by StreamedUpload as the token arrives, before any byte of the file is written
public sealed class ImportModel(
    StoreHost store,
    CityStore city,
    UploadFolder folder,
    IAntiforgery antiforgery,
    IOptions<SenkyoWebOptions> options) : PageModel
{
    public const string Residents = "residents";
    public const string Changes = "changes";

    public static IReadOnlyDictionary<string, string> Encodings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["auto"] = "自動判定（UTF-8 か CP932）",
        ["utf-8"] = "UTF-8",
        ["cp932"] = "CP932（Shift_JIS）",
    };

    public string Kind { get; private set; } = Residents;

    public string Encoding { get; private set; } = "auto";

    public string? AsOf { get; private set; }

    public string? Error { get; private set; }

    public string? FileName { get; private set; }

    public long FileLength { get; private set; }

    public IReadOnlyList<ImportError> Errors { get; private set; } = [];

    public long ErrorTotal { get; private set; }

    public ResidentImportResult? ResidentResult { get; private set; }

    public ChangeImportResult? ChangeResult { get; private set; }

    public bool CityWide => RegisterAccess.CoversCity(User, city.City);

    public bool IsSynthetic => store.IsSynthetic;

    public long MaxUploadBytes => options.Value.Limits.MaxUploadBytes;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        if (!StreamedUpload.Handles(Request))
        {
            // Not a file upload (a form posted without the file input): the token still decides first.
            await antiforgery.ValidateRequestAsync(HttpContext);
            Error = "取り込むファイルを選んでください。何も変更されていません。";
            return Page();
        }

        if (!CityWide)
        {
            return Refuse(StatusCodes.Status403Forbidden, RegisterAccess.NotCityWide);
        }

        Upload upload;
        try
        {
            upload = await StreamedUpload.ReadAsync(HttpContext, antiforgery, options.Value.Limits, folder, ct);
        }
        catch (UploadRefusedException e)
        {
            return Refuse(e.Status, e.Message);
        }

        using (upload)
        {
            FileName = upload.FileName;
            FileLength = upload.Length;
            Kind = upload.Field("Kind") ?? "";
            Encoding = upload.Field("Encoding") ?? "auto";
            AsOf = upload.Field("AsOf");
            if (Kind is not (Residents or Changes))
            {
                Error = "ファイルの種類（住民記録ファイルか異動ファイル）を選んでください。何も変更されていません。";
                return Page();
            }

            var encoding = Encoding switch
            {
                "auto" => FileEncoding.Auto,
                "utf-8" => FileEncoding.Utf8,
                "cp932" => FileEncoding.Cp932,
                _ => (FileEncoding?)null,
            };
            if (encoding is null)
            {
                Error = "文字コードを一覧から選んでください。何も変更されていません。";
                return Page();
            }

            DateOnly? asOf = null;
            if (!string.IsNullOrWhiteSpace(AsOf))
            {
                if (!WarekiParser.TryParse(AsOf, out var d, out var dateError))
                {
                    Error = $"ファイルの基準日：{dateError}";
                    return Page();
                }

                asOf = d;
            }

            try
            {
                if (Kind == Residents)
                {
                    ResidentResult = await store.Store.ImportResidentsAsync(RegisterAccess.For(User, "register.import.residents"), upload.Path, city.City, encoding.Value, asOf, null, ct);
                }
                else
                {
                    ChangeResult = await store.Store.ImportChangesAsync(RegisterAccess.For(User, "register.import.changes"), upload.Path, city.City, encoding.Value, ct);
                }
            }
            catch (ImportRejectedException e)
            {
                Errors = e.Errors;
                ErrorTotal = e.Total;
            }
            catch (StoreRefusedException e)
            {
                Error = ImportMessages.Refusal(e.Message, upload.Path);
            }
        }

        return Page();
    }

    public string WardName(string code) => RegisterAccess.WardName(city.City, code);

    private StatusCodeResult Refuse(int status, string message)
    {
        ErrorPages.SetMessage(HttpContext, message);
        return StatusCode(status);
    }
}

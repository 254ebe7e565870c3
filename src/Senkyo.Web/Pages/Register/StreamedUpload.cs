using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Senkyo.Web.Pages.Register;

/// <summary>
/// The multipart body of 名簿の取込, read as a stream: the form fields (antiforgery token first) into a few short
/// strings, the file straight into <see cref="UploadFolder"/> in 80 KiB pieces, so memory stays flat for a 190 MB
/// file. The global 1 MB body limit is raised for this request only, to <see cref="SenkyoWebOptions"/>'s upload limit.
/// The antiforgery token is checked as soon as it arrives, and no file byte is written before it has been.
/// </summary>
public static class StreamedUpload
{
    public const string PagePath = "/register/import";

    /// <summary>The form fields and boundaries around the file.</summary>
    public const long FormOverhead = 64 * 1024;

    private const int MaxFieldChars = 4096;
    private const int MaxSections = 12;

    /// <summary>Whether Security.InputGuard must leave this request's body unread: the page streams it.</summary>
    public static bool Handles(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HttpMethods.IsPost(request.Method)
            && request.Path.StartsWithSegments(PagePath, StringComparison.OrdinalIgnoreCase, out var rest) && (!rest.HasValue || rest.Value == "/")
            && request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true;
    }

    public static long BodyLimit(InputLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return limits.MaxUploadBytes + FormOverhead;
    }

    public static string TooLarge(InputLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return $"取り込めるファイルは{Size(limits.MaxUploadBytes)}までです。何も変更されていません。";
    }

    /// <summary>512 MB, 64 KB: a limit as staff read it.</summary>
    public static string Size(long bytes) => bytes >= 1024 * 1024
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024):N0} MB")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Math.Max(1, bytes / 1024):N0} KB");

    /// <summary>
    /// Reads the whole body. The returned upload owns the file and deletes it when disposed; on any failure the file
    /// is already gone. Throws <see cref="AntiforgeryValidationException"/> for a missing or wrong token and
    /// <see cref="UploadRefusedException"/> for everything else that is wrong with the request.
    /// </summary>
    public static async Task<Upload> ReadAsync(HttpContext context, IAntiforgery antiforgery, InputLimits limits, UploadFolder folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(antiforgery);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(folder);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = BodyLimit(limits);
        }

        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            throw new UploadRefusedException(StatusCodes.Status400BadRequest, "送信の形式が正しくありません。画面を開き直してもう一度ファイルを選んでください。何も変更されていません。");
        }

        var reader = new MultipartReader(boundary, context.Request.Body) { HeadersCountLimit = 8, HeadersLengthLimit = 4096, BodyLengthLimit = BodyLimit(limits) };
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        string? path = null;
        string? fileName = null;
        long length = 0;
        var verified = false;
        try
        {
            for (var sections = 0; await reader.ReadNextSectionAsync(cancellationToken) is { } section; sections++)
            {
                if (sections >= MaxSections || !ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase) || HeaderUtilities.RemoveQuotes(disposition.Name).Value is not { Length: > 0 and <= 64 } name)
                {
                    throw new UploadRefusedException(StatusCodes.Status400BadRequest, "送信の形式が正しくありません。何も変更されていません。");
                }

                if (!disposition.IsFileDisposition())
                {
                    var value = await ReadFieldAsync(section.Body, name, cancellationToken);
                    fields[name] = value;
                    if (name == "__RequestVerificationToken" && !verified)
                    {
                        // The token travels as the form's first field; handing it over as the header makes antiforgery
                        // check it without reading (and buffering) the rest of the form.
                        context.Request.Headers["X-CSRF-TOKEN"] = value;
                        await antiforgery.ValidateRequestAsync(context);
                        verified = true;
                    }

                    continue;
                }

                if (!verified)
                {
                    throw new AntiforgeryValidationException("the file came before the antiforgery token");
                }

                if (name != "File" || path is not null)
                {
                    throw new UploadRefusedException(StatusCodes.Status400BadRequest, "ファイルは1つだけ選んでください。何も変更されていません。");
                }

                fileName = DisplayName(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value);
                var (created, stream) = folder.Create();
                path = created;
                await using (stream)
                {
                    length = await CopyAsync(section.Body, stream, limits, cancellationToken);
                }
            }

            if (!verified)
            {
                await antiforgery.ValidateRequestAsync(context);
            }

            if (path is null || length == 0)
            {
                throw new UploadRefusedException(StatusCodes.Status400BadRequest, "取り込むファイルを選んでください（空のファイルは取り込めません）。何も変更されていません。");
            }

            return new Upload(path, fileName ?? "(名前なし)", length, fields);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            Delete(path);
            throw new UploadRefusedException(StatusCodes.Status413PayloadTooLarge, TooLarge(limits));
        }
        catch (InvalidDataException)
        {
            // A malformed multipart body (or a section over the reader's limits).
            Delete(path);
            throw new UploadRefusedException(StatusCodes.Status400BadRequest, "送信の形式が正しくありません。何も変更されていません。");
        }
        catch
        {
            Delete(path);
            throw;
        }
    }

    private static async Task<long> CopyAsync(Stream from, FileStream to, InputLimits limits, CancellationToken cancellationToken)
    {
        var buffer = new byte[80 * 1024];
        long total = 0;
        int read;
        while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > limits.MaxUploadBytes)
            {
                throw new UploadRefusedException(StatusCodes.Status413PayloadTooLarge, TooLarge(limits));
            }

            await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        await to.FlushAsync(cancellationToken);
        return total;
    }

    private static async Task<string> ReadFieldAsync(Stream body, string name, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxFieldChars * 4 + 1];
        var total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
            if (total == buffer.Length)
            {
                throw new UploadRefusedException(StatusCodes.Status400BadRequest, $"項目「{name}」が長すぎます。何も変更されていません。");
            }
        }

        if (!System.Text.Unicode.Utf8.IsValid(buffer.AsSpan(0, total)))
        {
            throw new UploadRefusedException(StatusCodes.Status400BadRequest, $"項目「{name}」の文字コードが正しくありません（UTF-8で送信してください）。何も変更されていません。");
        }

        var text = Encoding.UTF8.GetString(buffer, 0, total);
        return text.Length <= MaxFieldChars ? text : throw new UploadRefusedException(StatusCodes.Status400BadRequest, $"項目「{name}」が長すぎます。何も変更されていません。");
    }

    /// <summary>The file's own name, for the result page only: no folders, no control characters, not too long.</summary>
    private static string DisplayName(string? name)
    {
        var plain = Path.GetFileName((name ?? "").Replace('\\', '/'));
        plain = new string([.. plain.Where(c => !char.IsControl(c))]);
        return plain.Length > 100 ? plain[..100] : plain;
    }

    private static void Delete(string? path)
    {
        if (path is not null)
        {
            File.Delete(path);
        }
    }
}

/// <summary>An uploaded file waiting in the upload folder, with the form's fields; disposing deletes the file.</summary>
public sealed class Upload(string path, string fileName, long length, IReadOnlyDictionary<string, string> fields) : IDisposable
{
    public string Path => path;

    public string FileName => fileName;

    public long Length => length;

    public string? Field(string name) => fields.TryGetValue(name, out var v) ? v : null;

    public void Dispose() => File.Delete(path);
}

/// <summary>An upload refused before anything was imported; the message is Japanese and names no personal data.</summary>
public sealed class UploadRefusedException : Exception
{
    public UploadRefusedException(int status, string message) : base(message) => Status = status;

    public UploadRefusedException() : this(StatusCodes.Status400BadRequest, "") { }

    public UploadRefusedException(string message) : this(StatusCodes.Status400BadRequest, message) { }

    public UploadRefusedException(string message, Exception inner) : base(message, inner) => Status = StatusCodes.Status400BadRequest;

    public int Status { get; }
}

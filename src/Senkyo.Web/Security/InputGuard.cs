using Microsoft.Extensions.Options;
using Senkyo.Web.Pages.Register;

namespace Senkyo.Web.Security;

/// <summary>
/// Refuses bad input before any page or API sees it, so nothing is changed: bodies over the limit
/// (413), forms with too many or too long fields, and text that was not valid UTF-8 (decoders turn
/// such bytes into U+FFFD, which no keyboard types). The refusal is a Japanese error page naming
/// the field.
/// </summary>
public sealed class InputGuard(RequestDelegate next, IOptions<SenkyoWebOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limits = options.Value.Limits;
        var request = context.Request;
        // A file upload of 名簿の取込 has its own limit and is streamed by its page, which checks its fields itself.
        var upload = StreamedUpload.Handles(request);
        if (request.ContentLength > (upload ? StreamedUpload.BodyLimit(limits) : limits.MaxRequestBodyBytes))
        {
            await Refuse(context, StatusCodes.Status413PayloadTooLarge, upload ? StreamedUpload.TooLarge(limits) : DefaultTooLarge(limits));
            return;
        }

        if (!PercentEncodedUtf8.IsValid(request.QueryString.Value))
        {
            await Refuse(context, StatusCodes.Status400BadRequest, InvalidEncoding);
            return;
        }

        foreach (var (key, values) in request.Query)
        {
            if (Problem(key, values, limits) is { } problem)
            {
                await Refuse(context, StatusCodes.Status400BadRequest, problem);
                return;
            }
        }

        if (!upload && request.HasFormContentType && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            IFormCollection form;
            try
            {
                if (request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true
                    && !await UrlEncodedBodyIsUtf8(request, limits.MaxRequestBodyBytes, context.RequestAborted))
                {
                    await Refuse(context, StatusCodes.Status400BadRequest, InvalidEncoding);
                    return;
                }

                form = await request.ReadFormAsync(context.RequestAborted);
            }
            catch (InvalidDataException)
            {
                await Refuse(context, StatusCodes.Status400BadRequest,
                    $"入力項目が多すぎるか、1項目が長すぎます（1項目{limits.MaxFieldLength}文字まで）。何も変更されていません。");
                return;
            }
            catch (BadHttpRequestException e)
            {
                await Refuse(context, e.StatusCode, e.StatusCode == 413 ? DefaultTooLarge(limits) : ErrorPages.DefaultMessage(e.StatusCode));
                return;
            }

            foreach (var (key, values) in form)
            {
                if (Problem(key, values, limits) is { } problem)
                {
                    await Refuse(context, StatusCodes.Status400BadRequest, problem);
                    return;
                }
            }
        }

        await next(context);
    }

    private const string InvalidEncoding = "文字コードが正しくありません（UTF-8で送信してください）。何も変更されていません。";

    // The form reader decodes %FF-style escapes leniently, so the raw body is checked first.
    private static async Task<bool> UrlEncodedBodyIsUtf8(HttpRequest request, long limit, CancellationToken ct)
    {
        request.EnableBuffering();
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                throw new BadHttpRequestException("body too large", StatusCodes.Status413PayloadTooLarge);
            }
        }

        request.Body.Position = 0;
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        return System.Text.Unicode.Utf8.IsValid(bytes) && PercentEncodedUtf8.IsValid(System.Text.Encoding.UTF8.GetString(bytes));
    }

    private static string? Problem(string key, Microsoft.Extensions.Primitives.StringValues values, InputLimits limits)
    {
        // Field names come from our own forms; echo them only when they are plain ASCII identifiers.
        var field = key.Length <= 64 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '[' or ']' or '-') ? key : "(不明な項目)";
        if (key.Contains('\uFFFD', StringComparison.Ordinal))
        {
            return "文字コードが正しくない項目名があります（UTF-8で送信してください）。何も変更されていません。";
        }

        foreach (var value in values)
        {
            if (value is null)
            {
                continue;
            }

            if (value.Length > limits.MaxFieldLength)
            {
                return $"項目「{field}」が長すぎます（{limits.MaxFieldLength}文字まで）。何も変更されていません。";
            }

            if (value.Contains('\uFFFD', StringComparison.Ordinal))
            {
                return $"項目「{field}」の文字コードが正しくありません（UTF-8で送信してください）。何も変更されていません。";
            }
        }

        return null;
    }

    private static string DefaultTooLarge(InputLimits limits) =>
        $"送信できるのは{limits.MaxRequestBodyBytes / 1024:N0} KBまでです。何も変更されていません。";

    private static Task Refuse(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        ErrorPages.SetMessage(context, message);
        return ErrorPages.WriteAsync(context);
    }
}

/// <summary>Whether percent-escaped text (a query string, a urlencoded body) decodes to valid UTF-8.</summary>
public static class PercentEncodedUtf8
{
    public static bool IsValid(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Contains('%', StringComparison.Ordinal))
        {
            return true;
        }

        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '%' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                bytes.Add((byte)((Uri.FromHex(text[i + 1]) << 4) | Uri.FromHex(text[i + 2])));
                i += 2;
            }
            else if (c < 0x80)
            {
                bytes.Add((byte)c);
            }
            else
            {
                bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(text.Substring(i, char.IsHighSurrogate(c) && i + 1 < text.Length ? 2 : 1)));
                if (char.IsHighSurrogate(c))
                {
                    i++;
                }
            }
        }

        return System.Text.Unicode.Utf8.IsValid(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes));
    }
}

using System.Net;
using System.Text;

namespace Senkyo.Web.Security;

/// <summary>
/// Japanese error pages written without an endpoint (so they need no authorization exception),
/// for every status the app or the framework sets without a body. They show a fixed message,
/// or one the app chose (<see cref="SetMessage"/>); never request data or exception text.
/// </summary>
public static class ErrorPages
{
    private const string MessageKey = "senkyo.error-message";

    public static void SetMessage(HttpContext context, string message) => context.Items[MessageKey] = message;

    public static string Title(int status) => status switch
    {
        400 => "入力内容を受け付けられませんでした",
        401 => "サインインが必要です",
        403 => "この画面を開く権限がありません",
        404 => "ページが見つかりません",
        405 => "この操作はできません",
        413 => "送信されたデータが大きすぎます",
        415 => "この形式のデータは受け付けられません",
        429 => "操作が多すぎます",
        _ when status >= 500 => "システムエラーが発生しました",
        _ => "要求を処理できませんでした",
    };

    public static string DefaultMessage(int status) => status switch
    {
        400 => "入力内容に誤りがあるか、画面の有効期限が切れています。画面を開き直してもう一度操作してください。何も変更されていません。",
        401 => "サインインしてから操作してください。",
        403 => "あなたの役割または担当区では、この画面を利用できません。必要な場合はシステム管理者に連絡してください。",
        404 => "アドレスを確認してください。",
        413 => "送信できる大きさを超えています。何も変更されていません。",
        429 => "しばらく待ってから、もう一度お試しください。",
        _ when status >= 500 => "時間をおいてもう一度お試しください。続く場合はシステム管理者に連絡してください。何も変更されていない可能性があります。",
        _ => "画面を開き直してもう一度操作してください。",
    };

    public static async Task WriteAsync(HttpContext context)
    {
        var response = context.Response;
        var status = response.StatusCode;
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            response.ContentType = "application/problem+json; charset=utf-8";
            var message = context.Items[MessageKey] as string ?? DefaultMessage(status);
            await response.WriteAsJsonAsync(new { status, title = Title(status), detail = message }, context.RequestAborted);
            return;
        }

        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync(Render(context, status), Encoding.UTF8, context.RequestAborted);
    }

    private static string Render(HttpContext context, int status)
    {
        var title = WebUtility.HtmlEncode(Title(status));
        var message = WebUtility.HtmlEncode(context.Items[MessageKey] as string ?? DefaultMessage(status));
        return $"""
            <!DOCTYPE html>
            <html lang="ja">
            <head><meta charset="utf-8"><title>{title} - Senkyo</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <link rel="stylesheet" href="/assets/site.css"></head>
            <body><main class="error-page" id="main">
            <h1>{title}</h1>
            <p class="error-message" role="alert">{message}</p>
            <p class="error-status">エラーコード {status}</p>
            <p><a href="/" autofocus>ホームへ戻る</a></p>
            </main></body></html>
            """;
    }
}

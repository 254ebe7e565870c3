using System.Security.Cryptography;

namespace Senkyo.Web.Security;

/// <summary>
/// Headers on every response: a CSP whose scripts and styles need this response's nonce (no inline
/// script runs without it), no framing, no MIME sniffing, no referrer, no caching anywhere
/// (pages will carry personal data), HSTS on HTTPS.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    private const string NonceKey = "senkyo.csp-nonce";

    public static string NonceOf(HttpContext context) => (string)context.Items[NonceKey]!;

    public Task InvokeAsync(HttpContext context)
    {
        // base64url: no characters that HTML attribute encoding would rewrite.
        var nonce = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(18));
        context.Items[NonceKey] = nonce;
        context.Response.OnStarting(() =>
        {
            var h = context.Response.Headers;
            h.ContentSecurityPolicy =
                $"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}'; img-src 'self' data:; " +
                "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "no-referrer";
            h["Cross-Origin-Opener-Policy"] = "same-origin";
            h["Cross-Origin-Resource-Policy"] = "same-origin";
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            h.CacheControl = "no-store";
            h.Pragma = "no-cache";
            if (context.Request.IsHttps)
            {
                h.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
            }

            return Task.CompletedTask;
        });
        return next(context);
    }
}

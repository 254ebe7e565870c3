using System.Globalization;
using OtpNet;
using QRCoder;

namespace Senkyo.Web.Accounts;

/// <summary>
/// TOTP (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps) as authenticator apps expect it. A code is
/// accepted for the current step and one step either side (clock drift), and the matched step is
/// returned so the caller can refuse it a second time.
/// </summary>
public sealed class TotpAuthenticator(TimeProvider time)
{
    public const int SecretBytes = 20;
    private static readonly VerificationWindow Window = new(previous: 1, future: 1);

    public static byte[] NewSecret() => KeyGeneration.GenerateRandomKey(SecretBytes);

    public static string ToBase32(byte[] secret) => Base32Encoding.ToString(secret);

    /// <summary>The matched time step, or null when the code is wrong for every step in the window.</summary>
    public long? Verify(byte[] secret, string? code)
    {
        var digits = Normalize(code);
        if (digits is null)
        {
            return null;
        }

        var totp = new Totp(secret);
        return totp.VerifyTotp(time.GetUtcNow().UtcDateTime, digits, out var step, Window) ? step : null;
    }

    /// <summary>otpauth URI for the enrolment QR code (Key Uri Format).</summary>
    public static string ProvisioningUri(byte[] secret, string issuer, string userName) =>
        string.Create(CultureInfo.InvariantCulture,
            $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(userName)}?secret={ToBase32(secret)}&issuer={Uri.EscapeDataString(issuer)}&algorithm=SHA1&digits=6&period=30");

    /// <summary>The QR code as a PNG data URI, shown inline (CSP allows data: images only).</summary>
    public static string QrCodeDataUri(string uri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(6);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }

    // Accepts full-width digits and spaces as typed on a Japanese keyboard: "１２３ ４５６".
    private static string? Normalize(string? code)
    {
        if (code is null)
        {
            return null;
        }

        var normalized = code.Normalize(System.Text.NormalizationForm.FormKC).Replace(" ", "", StringComparison.Ordinal);
        return normalized.Length == 6 && normalized.All(char.IsAsciiDigit) ? normalized : null;
    }
}

using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Senkyo.Web.Security;

/// <summary>
/// Named rate limiters: "signin" per client address (throttles password guessing across accounts,
/// beside the per-account lockout) and "search" per account (for the register search screens:
/// bulk reading beyond a role's normal rate is slowed).
/// </summary>
public static class RateLimits
{
    public const string SignIn = "signin";
    public const string Search = "search";

    public static void Add(RateLimiterOptions options, SenkyoWebOptions settings)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = async (context, _) =>
        {
            context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            ErrorPages.SetMessage(context.HttpContext, "短時間に操作が多すぎます。1分ほど待ってから、もう一度お試しください。");
            await ErrorPages.WriteAsync(context.HttpContext);
        };
        options.AddPolicy(SignIn, http => RateLimitPartition.GetFixedWindowLimiter(
            http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = settings.SignIn.RequestsPerMinutePerAddress,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            }));
        options.AddPolicy(Search, http => RateLimitPartition.GetTokenBucketLimiter(
            StaffClaims.AccountIdOf(http.User)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "anonymous",
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = settings.SignIn.SearchesPerMinutePerAccount,
                TokensPerPeriod = settings.SignIn.SearchesPerMinutePerAccount,
                ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            }));
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;

namespace Senkyo.Web.Security;

/// <summary>
/// 閲覧制限: how a throttle of the reading monitor reaches the reader. The ElectorRead policy carries
/// <see cref="NotThrottledRequirement"/>; when that is the only requirement a request fails, the answer is 429 with
/// <see cref="Message"/> instead of the usual 403.
/// </summary>
public static class ReadingThrottle
{
    public const string Message = "閲覧が一時的に制限されています。監査担当に連絡してください。";

    /// <summary>For a page whose own read just raised the throttle (the monitor returned true): a 429 page instead of the data.</summary>
    public static StatusCodeResult Refuse(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        ErrorPages.SetMessage(http, Message);
        return new StatusCodeResult(StatusCodes.Status429TooManyRequests);
    }

    /// <summary>Registers the monitor, its settings (validated at start-up) and the NotThrottled requirement's handlers.</summary>
    public static IServiceCollection AddReadingMonitor(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MonitoringOptions>()
            .Bind(configuration.GetSection(MonitoringOptions.Section))
            .Validate(o => o.Problem() is null, "Senkyo:Monitoring is not usable (see docs/deployment.md)")
            .ValidateOnStart();
        services.AddSingleton<ReadingMonitor>();
        services.AddSingleton<IAuthorizationHandler, NotThrottledHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ThrottledResultHandler>();
        return services;
    }
}

/// <summary>Met unless the reading monitor throttles the user.</summary>
public sealed class NotThrottledRequirement : IAuthorizationRequirement
{
    public static NotThrottledRequirement Instance { get; } = new();
}

public sealed class NotThrottledHandler(ReadingMonitor monitor) : AuthorizationHandler<NotThrottledRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, NotThrottledRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        var aborted = (context.Resource as HttpContext)?.RequestAborted ?? CancellationToken.None;
        if (!await monitor.IsThrottledAsync(context.User, aborted))
        {
            context.Succeed(requirement);
        }
    }
}

/// <summary>Answers a request refused only for the throttle with the Japanese 429 page (or problem JSON under /api).</summary>
public sealed class ThrottledResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure is { FailCalled: false } failure
            && failure.FailedRequirements.Any() && failure.FailedRequirements.All(r => r is NotThrottledRequirement))
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            ErrorPages.SetMessage(context, ReadingThrottle.Message);
            await ErrorPages.WriteAsync(context);
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}

using ReliabilityMcp.Server.Remediation;

namespace ReliabilityMcp.Server.Operator;

/// <summary>
/// The operator API while the store is down or paused: 503 with a problem body naming the store, not a 500 with an
/// error log and a stack trace per request (issue 18, item 6). Logged once per request at Warning, without a stack.
/// </summary>
internal static partial class StoreUnavailableFilter
{
    public static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (StoreFailure.Is(ex) && !context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StoreUnavailableFilter).FullName!);
            LogUnavailable(logger, context.HttpContext.Request.Path.Value ?? "", ex.Message);
            context.HttpContext.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem(
                title: "Store unavailable",
                detail: $"The store could not be used ({ex.Message}). Retry when /health reports the store healthy.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    [LoggerMessage(EventId = 1301, EventName = "OperatorApiStoreUnavailable", Level = LogLevel.Warning,
        Message = "{Path} answered 503: the store could not be used ({Reason})")]
    private static partial void LogUnavailable(ILogger logger, string path, string reason);
}

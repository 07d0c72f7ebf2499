namespace ReliabilityMcp.Server.Http;

/// <summary>
/// One Information line per request, with credential values in the query string redacted
/// (<see cref="QueryStringRedaction"/>). It replaces ASP.NET Core's "Request starting/finished" lines, which print the
/// full URL and are switched off below Warning by <see cref="Hosting.HttpHostingExtensions"/> (issue 17).
/// </summary>
internal sealed partial class RequestLogMiddleware(RequestDelegate next, TimeProvider time, ILogger<RequestLogMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            await next(context);
            return;
        }

        var started = time.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var request = context.Request;
            LogRequest(request.Method, $"{request.PathBase}{request.Path}{QueryStringRedaction.Redact(request.QueryString)}",
                context.Response.StatusCode, (long)time.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    [LoggerMessage(EventId = 1106, EventName = "RequestServed", Level = LogLevel.Information,
        Message = "HTTP {Method} {Target} answered {StatusCode} in {ElapsedMilliseconds} ms")]
    private partial void LogRequest(string method, string target, int statusCode, long elapsedMilliseconds);
}

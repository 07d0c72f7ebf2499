namespace ReliabilityMcp.Server.Http;

/// <summary>Puts <see cref="RequestLogMiddleware"/> first in the pipeline, so refusals by later middleware are logged too.</summary>
internal sealed class RequestLogStartupFilter : IStartupFilter
{
    /// <inheritdoc />
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<RequestLogMiddleware>();
        next(app);
    };
}

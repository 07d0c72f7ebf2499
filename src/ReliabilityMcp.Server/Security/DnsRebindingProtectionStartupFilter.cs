namespace ReliabilityMcp.Server.Security;

/// <summary>
/// Puts <see cref="DnsRebindingProtectionMiddleware"/> at the very start of the pipeline, ahead of authentication,
/// so registering the HTTP feature is enough and no Program.cs line can be forgotten.
/// </summary>
internal sealed class DnsRebindingProtectionStartupFilter : IStartupFilter
{
    /// <inheritdoc />
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<DnsRebindingProtectionMiddleware>();
        next(app);
    };
}

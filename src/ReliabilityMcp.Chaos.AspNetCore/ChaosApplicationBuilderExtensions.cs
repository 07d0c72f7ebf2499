using Microsoft.AspNetCore.Builder;

namespace ReliabilityMcp.Chaos.AspNetCore;

/// <summary>Adds the fault-injection middleware to a request pipeline.</summary>
public static class ChaosApplicationBuilderExtensions
{
    /// <summary>
    /// Serves the chaos control contract and injects the faults in force. Put it early (before routing and the
    /// endpoints) so faults hit everything the service serves; requires <see cref="ChaosServiceCollectionExtensions.AddReliabilityChaos"/>.
    /// </summary>
    public static IApplicationBuilder UseReliabilityChaos(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseMiddleware<ChaosMiddleware>();
    }
}

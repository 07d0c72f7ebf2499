using System.Diagnostics;
using OpenTelemetry;

namespace ReliabilityMcp.ServiceDefaults;

/// <summary>
/// Drops the request activities of health probes (<c>/health</c>, <c>/alive</c>) before export: an orchestrator
/// polls them every few seconds and they would drown the traces that matter. Without the ASP.NET Core
/// instrumentation package there is no request filter option, so we clear the Recorded flag on start; export
/// processors skip unrecorded activities and a parent-based sampler leaves their children unrecorded too.
/// </summary>
internal sealed class HealthCheckTraceFilter : BaseProcessor<Activity>
{
    /// <inheritdoc />
    public override void OnStart(Activity data)
    {
        if (IsHealthProbe(data))
        {
            data.IsAllDataRequested = false;
            data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }

    /// <summary>Whether <paramref name="activity"/> is the server span of a health-probe request.</summary>
    internal static bool IsHealthProbe(Activity activity)
    {
        if (activity.Kind != ActivityKind.Server)
        {
            return false;
        }

        // .NET 10 hosting sets the OpenTelemetry semantic-convention tags when it creates the activity.
        var path = activity.GetTagItem("url.path") as string;
        return string.Equals(path, ServiceDefaultsConstants.HealthPath, StringComparison.OrdinalIgnoreCase)
            || string.Equals(path, ServiceDefaultsConstants.AlivePath, StringComparison.OrdinalIgnoreCase);
    }
}

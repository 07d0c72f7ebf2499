using System.Text.Json.Serialization;
using ReliabilityMcp.Core.Slo;

namespace ReliabilityMcp.Server.Slo;

/// <summary>One burn window in <c>slo_status</c>: the rate always, the counts behind it with <c>detail</c>.</summary>
public sealed record SloBurnView
{
    /// <summary>Window name (<c>5m</c> … <c>3d</c>).</summary>
    public required string Window { get; init; }

    /// <summary>Error ratio / (1 − objective): 1 spends the budget exactly over the SLO window.</summary>
    public required double Rate { get; init; }

    /// <summary>Events in the window (with <c>detail</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Total { get; init; }

    /// <summary>Bad events in the window (with <c>detail</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Bad { get; init; }

    /// <summary>Fewer events than the SLO's minimum: no alert is raised from this window.</summary>
    public required bool LowTraffic { get; init; }

    /// <summary>The view of <paramref name="burn"/>, with its counts when <paramref name="detail"/>.</summary>
    public static SloBurnView From(BurnRate burn, bool detail)
    {
        ArgumentNullException.ThrowIfNull(burn);
        return new SloBurnView
        {
            Window = burn.Window,
            Rate = burn.Rate,
            Total = detail ? burn.Total : null,
            Bad = detail ? burn.Bad : null,
            LowTraffic = burn.LowTraffic,
        };
    }
}

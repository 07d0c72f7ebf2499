using System.Text.Json.Serialization;

namespace ReliabilityMcp.Core.Chaos;

/// <summary>Where a service fault is injected, relative to the experiment's target.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChaosFaultScope>))]
public enum ChaosFaultScope
{
    /// <summary>Into the target itself.</summary>
    [JsonStringEnumMemberName("target")] Target,

    /// <summary>Into every service the target depends on (from the service graph): a dependency outage.</summary>
    [JsonStringEnumMemberName("dependencies")] Dependencies,
}

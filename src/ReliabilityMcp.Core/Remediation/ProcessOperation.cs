using System.Text.Json.Serialization;

namespace ReliabilityMcp.Core.Remediation;

/// <summary>What a <see cref="ProcessExecutorDefinition"/> asks the AppHost to do with each target.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProcessOperation>))]
public enum ProcessOperation
{
    /// <summary>Stop the process and start a new one; answered once it is healthy. No automatic inverse.</summary>
    [JsonStringEnumMemberName("restart")] Restart,

    /// <summary>Stop the process; the inverse is <see cref="Start"/>.</summary>
    [JsonStringEnumMemberName("stop")] Stop,

    /// <summary>Start the process (unchanged when already running); the inverse is <see cref="Stop"/>.</summary>
    [JsonStringEnumMemberName("start")] Start,

    /// <summary>Run a number of replicas (<see cref="ProcessExecutorDefinition.Replicas"/>). No automatic inverse.</summary>
    [JsonStringEnumMemberName("scale")] Scale,
}

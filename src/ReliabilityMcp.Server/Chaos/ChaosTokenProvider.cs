namespace ReliabilityMcp.Server.Chaos;

/// <summary>Finds the shared token for a target's chaos endpoint in configuration (user secrets, environment).</summary>
public sealed class ChaosTokenProvider(IConfiguration configuration)
{
    /// <summary><c>Chaos:Targets:&lt;service&gt;:Token</c>, else <c>Chaos:Token</c>, else null.</summary>
    public string? TokenFor(string service)
    {
        var own = configuration[$"{ChaosRunnerOptions.SectionName}:Targets:{service}:Token"];
        return !string.IsNullOrEmpty(own) ? own : configuration[$"{ChaosRunnerOptions.SectionName}:Token"] is { Length: > 0 } shared ? shared : null;
    }
}

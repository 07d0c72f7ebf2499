namespace ReliabilityMcp.Core.Configuration;

/// <summary>A parsed configuration, or the reasons it was rejected (each with line, path and fix).</summary>
/// <param name="Configuration">The configuration, when valid.</param>
/// <param name="Errors">Human-readable errors: <c>file:line: path: message</c>.</param>
public sealed record ConfigurationParseResult(ReliabilityConfiguration? Configuration, IReadOnlyList<string> Errors)
{
    /// <summary>Whether the text produced a valid configuration.</summary>
    public bool IsValid => Configuration is not null && Errors.Count == 0;
}

namespace ReliabilityMcp.Core.Configuration;

/// <summary>A problem in the configuration file at <paramref name="Path"/> (e.g. <c>policies[2].priority</c>), with the fix.</summary>
public sealed record ConfigurationError(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Message}";
}

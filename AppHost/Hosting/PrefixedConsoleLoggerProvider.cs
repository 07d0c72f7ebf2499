using Microsoft.Extensions.Logging;

namespace ReliabilityMcp.AppHost.Hosting;

/// <summary>
/// Routes every log category of the orchestrator process to the <see cref="ConsoleLog"/> under one prefix
/// (<c>[apphost]</c>); level filtering comes from the usual <c>Logging</c> configuration section.
/// </summary>
[ProviderAlias("Prefixed")]
internal sealed class PrefixedConsoleLoggerProvider(ConsoleLog console, string source) : ILoggerProvider
{
    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new PrefixedConsoleLogger(source, console);

    /// <inheritdoc />
    public void Dispose()
    {
    }
}

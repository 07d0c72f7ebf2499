using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ReliabilityMcp.Server.Tests.Remediation;

/// <summary>A logger provider that keeps every formatted message and its scopes at every level, to check what reaches logs.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    /// <summary>Every message, as "category: text".</summary>
    public ConcurrentQueue<string> Messages { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            owner.Messages.Enqueue($"{category}: scope {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Messages.Enqueue($"{category}: {formatter(state, exception)} {exception}");
    }
}

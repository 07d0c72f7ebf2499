using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ReliabilityMcp.Testing;

/// <summary>Keeps every log entry with its level, event and exception, to check what is logged and how loudly.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    /// <summary>Every entry so far.</summary>
    public IReadOnlyCollection<LogEntry> Entries => _entries;

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue(new LogEntry(logLevel, category, eventId.Name, formatter(state, exception), exception));
    }
}

/// <summary>One captured log entry.</summary>
/// <param name="Level">Its level.</param>
/// <param name="Category">The logger's category.</param>
/// <param name="EventName">The event name, if any.</param>
/// <param name="Message">The formatted message.</param>
/// <param name="Exception">The exception logged with it (its stack trace), if any.</param>
public sealed record LogEntry(LogLevel Level, string Category, string? EventName, string Message, Exception? Exception);

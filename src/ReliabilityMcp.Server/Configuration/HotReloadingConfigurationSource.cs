using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ReliabilityMcp.Core.Configuration;
using ReliabilityMcp.Core.Guardrails;

namespace ReliabilityMcp.Server.Configuration;

/// <summary>
/// The reliability configuration, loaded at start (an invalid file stops the server with the errors) and reloaded
/// when the file changes. An invalid new version is rejected: the last good one stays in force, the errors are
/// logged with file and line, and the health check reports Degraded until a valid file is saved.
/// </summary>
public sealed partial class HotReloadingConfigurationSource : IReliabilityConfigurationSource, IHealthCheck, IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(250);
    private readonly string _path;
    private readonly ILogger<HotReloadingConfigurationSource> _logger;
    private readonly TimeProvider _time;
    private readonly FileSystemWatcher _watcher;
    private readonly ITimer _reloadTimer;
    private readonly Lock _gate = new();
    private Snapshot _current;
    private IReadOnlyList<string> _lastErrors = [];

    /// <summary>Loads the file (throws with the errors when invalid) and starts watching it.</summary>
    public HotReloadingConfigurationSource(
        IOptions<ReliabilityConfigurationOptions> options, IHostEnvironment environment, ILogger<HotReloadingConfigurationSource> logger, TimeProvider time)
    {
        _path = options.Value.ResolvePath(environment.ContentRootPath);
        _logger = logger;
        _time = time;
        var first = Load();
        if (!first.IsValid)
        {
            throw new InvalidOperationException(
                $"The reliability configuration {_path} is invalid; fix it and start again:{Environment.NewLine}{string.Join(Environment.NewLine, first.Errors)}");
        }

        _current = new Snapshot(first.Configuration!, new Guard(first.Configuration!), 1, time.GetUtcNow());
        LogLoaded(_logger, _path, first.Configuration!.Policies.Count, first.Configuration.Services.Count, 1);
        _reloadTimer = time.CreateTimer(_ => Reload(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(_path)!, Path.GetFileName(_path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        // Editors save by truncate-and-write or by rename; debounce the burst of events into one reload.
        FileSystemEventHandler changed = (_, _) => _reloadTimer.Change(Debounce, Timeout.InfiniteTimeSpan);
        _watcher.Changed += changed;
        _watcher.Created += changed;
        _watcher.Renamed += (_, _) => _reloadTimer.Change(Debounce, Timeout.InfiniteTimeSpan);
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>Path of the file in force.</summary>
    public string FilePath => _path;

    /// <inheritdoc />
    public ReliabilityConfiguration Current => Volatile.Read(ref _current).Configuration;

    /// <inheritdoc />
    public Guard Guard => Volatile.Read(ref _current).Guard;

    /// <summary>Increments on every successful (re)load.</summary>
    public int Version => Volatile.Read(ref _current).Version;

    /// <summary>Errors of the last rejected reload (empty when the file in force is the file on disk).</summary>
    public IReadOnlyList<string> LastErrors => Volatile.Read(ref _lastErrors);

    /// <summary>Re-reads the file now (also called by the watcher).</summary>
    public void Reload()
    {
        lock (_gate)
        {
            var result = Load();
            if (!result.IsValid)
            {
                Volatile.Write(ref _lastErrors, result.Errors);
                LogRejected(_logger, _path, Volatile.Read(ref _current).Version, string.Join(" | ", result.Errors));
                return;
            }

            var next = new Snapshot(result.Configuration!, new Guard(result.Configuration!), _current.Version + 1, _time.GetUtcNow());
            Volatile.Write(ref _current, next);
            Volatile.Write(ref _lastErrors, []);
            LogLoaded(_logger, _path, next.Configuration.Policies.Count, next.Configuration.Services.Count, next.Version);
        }
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var errors = LastErrors;
        var snapshot = Volatile.Read(ref _current);
        return Task.FromResult(errors.Count == 0
            ? HealthCheckResult.Healthy($"{_path} version {snapshot.Version} loaded at {snapshot.LoadedAt:O}")
            : HealthCheckResult.Degraded(
                $"the last edit of {_path} was rejected; version {snapshot.Version} from {snapshot.LoadedAt:O} stays in force: {string.Join(" | ", errors)}"));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _watcher.Dispose();
        _reloadTimer.Dispose();
    }

    private ConfigurationParseResult Load()
    {
        string text;
        try
        {
            text = File.ReadAllText(_path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ConfigurationParseResult(null, [$"{_path}: cannot be read: {ex.Message}"]);
        }

        return ReliabilityConfigurationParser.Parse(text, _path);
    }

    private sealed record Snapshot(ReliabilityConfiguration Configuration, Guard Guard, int Version, DateTimeOffset LoadedAt);

    [LoggerMessage(EventId = 2001, EventName = "ConfigurationLoaded", Level = LogLevel.Information,
        Message = "Reliability configuration {Path} version {Version} in force: {Policies} policies, {Services} services")]
    private static partial void LogLoaded(ILogger logger, string path, int policies, int services, int version);

    [LoggerMessage(EventId = 2002, EventName = "ConfigurationRejected", Level = LogLevel.Error,
        Message = "Reliability configuration {Path} was changed but is invalid; version {Version} stays in force. Errors: {Errors}")]
    private static partial void LogRejected(ILogger logger, string path, int version, string errors);
}

using ReliabilityMcp.Redis;
using ReliabilityMcp.Redis.Embedded;

namespace ReliabilityMcp.Server.Store;

/// <summary>
/// Where the store is: <c>ConnectionStrings:store</c> when configured (any Redis-protocol server), otherwise the
/// shared local Garnet in <c>ReliabilityMcp:DataDirectory</c>, started or reused so that a Claude Desktop user needs
/// nothing else running. Read from the final configuration, so test and host overrides apply.
/// </summary>
public sealed partial class StoreEndpoint(IConfiguration configuration, ILogger<StoreEndpoint> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _connectionString = configuration.GetConnectionString(StoreServiceCollectionExtensions.ConnectionStringName);

    /// <summary>Whether the server uses the embedded local store.</summary>
    public bool IsEmbedded { get; } = configuration.GetConnectionString(StoreServiceCollectionExtensions.ConnectionStringName) is null;

    /// <summary>The connection string, acquiring the embedded store first when needed.</summary>
    public async Task<string> GetConnectionStringAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _connectionString) is { } known)
        {
            return known;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connectionString is null)
            {
                var dataDirectory = DataDirectory.Resolve(configuration);
                var lease = await SharedGarnet.AcquireAsync(dataDirectory, logger, cancellationToken).ConfigureAwait(false);
                LogEmbedded(logger, lease.Started ? "started" : "reused", lease.Port, dataDirectory);
                Volatile.Write(ref _connectionString, lease.ConnectionString);
            }

            return _connectionString;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    [LoggerMessage(EventId = 3001, EventName = "EmbeddedStore", Level = LogLevel.Information,
        Message = "No ConnectionStrings:store configured: {How} the local Garnet on port {Port} (data in {DataDirectory})")]
    private static partial void LogEmbedded(ILogger logger, string how, int port, string dataDirectory);
}

using System.Reflection;

namespace ReliabilityMcp.Server.Hosting;

/// <summary>Facts about this server process that tools report: version, transport, start time.</summary>
/// <remarks>Registered as a hosted service so the start time is taken when the host starts, not at first use.</remarks>
public sealed class ServerRuntimeInfo : IHostedService
{
    private readonly TimeProvider _timeProvider;

    /// <summary>The transport name for stdio.</summary>
    public const string StdioTransport = "stdio";

    /// <summary>The transport name for Streamable HTTP.</summary>
    public const string StreamableHttpTransport = "streamable-http";

    /// <summary>Creates the record; the start time is stamped again when the host starts.</summary>
    public ServerRuntimeInfo(string transport, TimeProvider timeProvider)
    {
        Transport = transport;
        _timeProvider = timeProvider;
        StartedAt = timeProvider.GetUtcNow();
    }

    /// <summary>The server name announced to clients.</summary>
    public static string Name => "ReliabilityMcp";

    /// <summary>The informational version of the server assembly, without source-control suffix.</summary>
    public static string Version { get; } = ReadVersion();

    /// <summary><see cref="StdioTransport"/> or <see cref="StreamableHttpTransport"/>.</summary>
    public string Transport { get; }

    /// <summary>When the host started.</summary>
    public DateTimeOffset StartedAt { get; private set; }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        StartedAt = _timeProvider.GetUtcNow();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string ReadVersion()
    {
        var version = typeof(ServerRuntimeInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}

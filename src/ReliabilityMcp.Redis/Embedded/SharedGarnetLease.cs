namespace ReliabilityMcp.Redis.Embedded;

/// <summary>
/// The answer of <see cref="SharedGarnet.AcquireAsync(string, Microsoft.Extensions.Logging.ILogger?, CancellationToken)"/>:
/// where the shared local store listens. Holding a lease does not keep the store alive and releasing it
/// does not stop it; the store outlives every server that uses it (see <see cref="SharedGarnet"/>).
/// </summary>
public sealed class SharedGarnetLease
{
    internal SharedGarnetLease(string host, int port, string password, int processId, bool started)
    {
        Host = host;
        Port = port;
        Password = password;
        ProcessId = processId;
        Started = started;
    }

    /// <summary>Loopback address the store listens on.</summary>
    public string Host { get; }

    /// <summary>TCP port of the store.</summary>
    public int Port { get; }

    /// <summary>The store password (never logged).</summary>
    public string Password { get; }

    /// <summary>Operating-system process id of the Garnet server.</summary>
    public int ProcessId { get; }

    /// <summary>Whether this call started the store (<see langword="false"/>: an existing store was reused).</summary>
    public bool Started { get; }

    /// <summary>A connection string in the <c>ConnectionStrings__store</c> format.</summary>
    public string ConnectionString => $"{Host}:{Port},password={Password}";

    /// <summary>Describes the lease without the password.</summary>
    public override string ToString() => $"{Host}:{Port} (pid {ProcessId}, {(Started ? "started" : "reused")})";
}

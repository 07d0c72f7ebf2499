namespace ReliabilityMcp.AppHost.Hosting;

/// <summary>
/// A named part of the application that the <see cref="Orchestrator"/> starts after the resources it waits
/// for are healthy, watches, restarts when it dies, and stops in reverse dependency order (the Aspire
/// resource contract, minus the parts we do not need yet).
/// </summary>
/// <remarks>One live instance at a time: the orchestrator never calls <see cref="StartAsync"/> twice
/// without <see cref="StopAsync"/> in between.</remarks>
internal abstract class Resource
{
    private readonly List<Resource> _waitsFor = [];

    protected Resource(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            // The name becomes a log prefix and a configuration key (ConnectionStrings__<name>).
            throw new ArgumentException($"Resource names are lower-case letters, digits and '-'; got '{name}'.", nameof(name));
        }

        Name = name;
    }

    /// <summary>Unique name: log prefix, state-file key, connection-string name.</summary>
    public string Name { get; }

    /// <summary>Resources that must be healthy before this one starts.</summary>
    public IReadOnlyList<Resource> WaitsFor => _waitsFor;

    /// <summary>How the resource is restarted when it dies.</summary>
    public RestartPolicy Restart { get; init; } = new();

    /// <summary>How long a start may take until the resource is healthy.</summary>
    /// <value>Default 60 seconds.</value>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a polite stop may take before the process is killed.</summary>
    /// <value>Default 10 seconds.</value>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether operators may restart, stop and start it through the control API (the store and the server
    /// may not: a remediation that stops the control plane cannot be undone by the control plane).</summary>
    public bool Controllable { get; init; }

    /// <summary>Makes replica <c>n</c> (2, 3, ...) of this resource for scaling out; null when it cannot run twice
    /// (a fixed port, a singleton).</summary>
    public Func<int, Resource>? ReplicaFactory { get; init; }

    /// <summary>Most instances (this one and its replicas) scaling may run.</summary>
    /// <value>Default 1.</value>
    public int MaxReplicas { get; init; } = 1;

    /// <summary>Operating-system process id of the running instance, if it is a local process.</summary>
    public virtual int? ProcessId => null;

    /// <summary>
    /// Text that appears in the command line of this resource's process and of no unrelated process:
    /// lets a later run recognise, and stop, a process this run left behind after being killed.
    /// </summary>
    public virtual string? CommandLineMarker => null;

    /// <summary>Starts this resource only after <paramref name="dependency"/> is healthy.</summary>
    public Resource WaitFor(Resource dependency)
    {
        ArgumentNullException.ThrowIfNull(dependency);
        if (!_waitsFor.Contains(dependency))
        {
            _waitsFor.Add(dependency);
        }

        return this;
    }

    /// <summary>Starts a new instance; returns once it is launched (not necessarily healthy).</summary>
    public abstract Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Whether the running instance is ready to serve.</summary>
    public abstract Task<bool> CheckHealthAsync(CancellationToken cancellationToken);

    /// <summary>Completes when the running instance exits, with its exit code when known.</summary>
    public abstract Task<int?> WaitForExitAsync(CancellationToken cancellationToken);

    /// <summary>Stops the running instance, if any: politely first, forcefully after <see cref="StopGrace"/>.</summary>
    public abstract Task StopAsync(CancellationToken cancellationToken);

    /// <inheritdoc />
    public override string ToString() => Name;
}

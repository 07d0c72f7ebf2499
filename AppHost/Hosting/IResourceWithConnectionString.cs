namespace ReliabilityMcp.AppHost.Hosting;

/// <summary>
/// A resource other resources reach through a connection string, injected into their environment as
/// <c>ConnectionStrings__&lt;name&gt;</c> (the Aspire convention; services read configuration only).
/// </summary>
internal interface IResourceWithConnectionString
{
    /// <summary>The resource name, used as the connection-string name.</summary>
    string Name { get; }

    /// <summary>The current connection string. Contains secrets: never log it.</summary>
    string ConnectionString { get; }
}

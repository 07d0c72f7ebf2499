using Microsoft.Extensions.Diagnostics.HealthChecks;
using ReliabilityMcp.Redis.Embedded;

namespace ReliabilityMcp.AppHost;

/// <summary>
/// The store: <c>dotnet GarnetServer.dll</c> from the tool manifest as an executable resource (no container runtime
/// here), with a connection string <c>127.0.0.1:port,password=...</c> that <c>WithReference</c> hands out as
/// <c>ConnectionStrings__store</c>.
/// </summary>
internal sealed class GarnetResource(string name, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, DotnetHost.Path, workingDirectory), IResourceWithConnectionString
{
    /// <summary>Name of the resource's single endpoint.</summary>
    public const string EndpointName = "tcp";

    /// <summary>The generated password (a secret parameter).</summary>
    public ParameterResource Password { get; } = password;

    /// <summary>The store's endpoint.</summary>
    public EndpointReference Endpoint => new(this, EndpointName);

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"127.0.0.1:{Endpoint.Property(EndpointProperty.Port)},password={Password}");
}

/// <summary>Adds <see cref="GarnetResource"/> to the model.</summary>
internal static class GarnetResourceExtensions
{
    /// <summary>
    /// The store on <paramref name="port"/> (loopback, not proxied: the address in the Claude Desktop block stays valid
    /// when the AppHost is gone), data in <paramref name="dataDirectory"/> kept across runs, healthy once it accepts
    /// the password and answers PING.
    /// </summary>
    public static IResourceBuilder<GarnetResource> AddGarnet(
        this IDistributedApplicationBuilder builder, string name, string garnetDll, int port, IResourceBuilder<ParameterResource> password,
        string dataDirectory, string memorySize, string indexSize)
    {
        OwnerOnlyFile.CreateDirectory(dataDirectory);
        var store = new GarnetResource(name, dataDirectory, password.Resource);
        var healthCheck = $"{name}-ping";
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheck, async cancellationToken =>
        {
            var connectionString = await store.ConnectionStringExpression.GetValueAsync(cancellationToken).ConfigureAwait(false);
            return connectionString is not null && await StoreHealth.PingAsync(connectionString, TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("no answer to AUTH + PING");
        });

        return builder.AddResource(store)
            .WithEndpoint(port: port, targetPort: port, scheme: "tcp", name: GarnetResource.EndpointName, isProxied: false)
            .WithArgs(async context =>
            {
                // The password goes into a 0600 config file, not onto the command line that every local user can read.
                var secret = await password.Resource.GetValueAsync(context.CancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"The parameter {password.Resource.Name} has no value.");
                foreach (var argument in GarnetArguments.Build(garnetDll, "127.0.0.1", port, secret, Path.Combine(dataDirectory, "garnet.conf"), dataDirectory, memorySize, indexSize))
                {
                    context.Args.Add(argument);
                }
            })
            .WithHealthCheck(healthCheck)
            .WithIconName("Database");
    }
}

using ReliabilityMcp.Core.Security;
using ReliabilityMcp.Server.Security;

namespace ReliabilityMcp.Server.Hosting;

/// <summary>The stdio transport: one session with the client that launched this process.</summary>
public static class StdioHostingExtensions
{
    /// <summary>The command-line switch that selects stdio.</summary>
    public const string Switch = "--stdio";

    /// <summary>
    /// Sends every log line to stderr (stdout carries nothing but the protocol), serves MCP over stdin/stdout,
    /// and identifies every message as the local OS user (<see cref="LocalUserPrincipal"/>). The host stops when
    /// the client closes stdin.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <returns>The same builder.</returns>
    public static IHostApplicationBuilder AddReliabilityMcpStdio(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);

        var user = PrincipalClaims.ToClaimsPrincipal(LocalUserPrincipal.Create(), LocalUserPrincipal.AuthenticationType);
        builder.AddReliabilityMcpServer(ServerRuntimeInfo.StdioTransport)
            .WithMessageFilters(filters => filters.AddIncomingFilter(next => (context, cancellationToken) =>
            {
                // Whatever a message claims, over stdio the caller is the OS user who launched the process.
                context.User = user;
                return next(context, cancellationToken);
            }))
            .WithStdioServerTransport();

        // The store (configured or embedded) is registered by AddReliabilityMcpServer; see StoreEndpoint.
        return builder;
    }
}

using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ReliabilityMcp.Server.Security;

/// <summary>
/// Refuses to run an HTTP server without tokens on anything but loopback: with no <c>Auth:Tokens</c> every caller
/// is anonymous, which is only tolerable when the caller is a local process. Runs once the server has bound its
/// addresses (whatever configured them: urls, http_ports, Kestrel endpoints); the authentication handler also
/// refuses non-loopback anonymous requests, so nothing is served in between.
/// </summary>
internal sealed partial class ListenAddressGuard(IServer server, TokenRegistry tokens, ILogger<ListenAddressGuard> logger) : IHostedLifecycleService
{
    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        if (!tokens.IsEmpty)
        {
            LogTokensConfigured(string.Join(", ", addresses));
            return Task.CompletedTask;
        }

        var exposed = addresses.Where(address => !IsLoopbackAddress(address)).ToArray();
        if (exposed.Length > 0)
        {
            LogRefused(string.Join(", ", exposed));
            throw new InvalidOperationException(
                $"Refusing to serve MCP on {string.Join(", ", exposed)} without authentication. Configure Auth:Tokens " +
                "(see 'ReliabilityMcp.Server hash-token'), or listen on loopback only (the default, http://127.0.0.1:5180).");
        }

        LogAnonymousLoopback(string.Join(", ", addresses));
        return Task.CompletedTask;
    }

    /// <summary>Whether a server address such as <c>http://127.0.0.1:5180</c> only accepts loopback connections.</summary>
    internal static bool IsLoopbackAddress(string address)
    {
        // Wildcards (http://*:80, http://+:80) are not valid URI hosts; they and 0.0.0.0 / [::] mean every interface.
        if (!Uri.TryCreate(address.Replace("://*", "://any-host", StringComparison.Ordinal).Replace("://+", "://any-host", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        return HostOriginValidator.IsLoopbackName(uri.Host);
    }

    /// <inheritdoc />
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1103, EventName = "AnonymousLoopbackMode", Level = LogLevel.Warning,
        Message = "No Auth:Tokens configured: MCP over HTTP on {Addresses} accepts unauthenticated local callers as 'anonymous' (role agent). Configure tokens before exposing the server.")]
    private partial void LogAnonymousLoopback(string addresses);

    [LoggerMessage(EventId = 1104, EventName = "AnonymousExposureRefused", Level = LogLevel.Critical,
        Message = "Refusing to serve MCP on non-loopback address(es) {Addresses} without Auth:Tokens")]
    private partial void LogRefused(string addresses);

    [LoggerMessage(EventId = 1105, EventName = "BearerAuthEnabled", Level = LogLevel.Information,
        Message = "MCP over HTTP on {Addresses} requires a bearer token")]
    private partial void LogTokensConfigured(string addresses);
}

using System.Net;
using Microsoft.Extensions.Options;
using ReliabilityMcp.Server.Http;

namespace ReliabilityMcp.Server.Security;

/// <summary>
/// DNS-rebinding protection (MCP transports spec, security warning): a web page can make a browser send
/// requests to 127.0.0.1 under an attacker's host name. Such requests carry a foreign <c>Host</c> and, from
/// scripts, a foreign <c>Origin</c>; both must name this server. Loopback names are always allowed.
/// </summary>
internal sealed class HostOriginValidator
{
    private readonly HashSet<string> _allowedHosts;
    private readonly HashSet<string> _allowedOrigins;

    public HostOriginValidator(IOptions<McpHttpOptions> options)
    {
        _allowedHosts = new HashSet<string>(options.Value.AllowedHosts.Select(host => host.Trim()), StringComparer.OrdinalIgnoreCase);
        _allowedOrigins = new HashSet<string>(
            options.Value.AllowedOrigins.Select(origin => NormalizeOrigin(origin) ?? throw new OptionsValidationException(
                McpHttpOptions.SectionName, typeof(McpHttpOptions), [$"Mcp:Http:AllowedOrigins contains '{origin}', which is not an origin like 'https://ops.example.com'."])),
            StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Whether a <c>Host</c> header value (host with optional port) names this server.</summary>
    public bool IsAllowedHost(HostString host)
    {
        if (!host.HasValue)
        {
            return false;
        }

        return IsLoopbackName(host.Host) || _allowedHosts.Contains(host.Host) || _allowedHosts.Contains(host.Value);
    }

    /// <summary>Whether an <c>Origin</c> header value is allowed. The opaque origin <c>null</c> never is.</summary>
    public bool IsAllowedOrigin(string origin)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return false;
        }

        return IsLoopbackName(uri.Host) || _allowedOrigins.Contains(uri.GetLeftPart(UriPartial.Authority));
    }

    /// <summary>Whether <paramref name="host"/> (no port; IPv6 in brackets or not) is a loopback name or address.</summary>
    public static bool IsLoopbackName(string host)
    {
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        return IPAddress.TryParse(bare, out var address) && IPAddress.IsLoopback(address);
    }

    private static string? NormalizeOrigin(string origin)
        => Uri.TryCreate(origin.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri.GetLeftPart(UriPartial.Authority)
            : null;
}

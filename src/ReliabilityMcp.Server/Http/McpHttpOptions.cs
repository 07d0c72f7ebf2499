using System.ComponentModel.DataAnnotations;

namespace ReliabilityMcp.Server.Http;

/// <summary>The Streamable HTTP endpoint (configuration section <c>Mcp:Http</c>).</summary>
public sealed class McpHttpOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Mcp:Http";

    /// <summary>Where the endpoint listens when neither <c>urls</c>, <c>http_ports</c> nor Kestrel endpoints are configured.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5180";

    /// <summary>The endpoint path.</summary>
    /// <value>Default <c>/mcp</c>.</value>
    [Required]
    [RegularExpression("^/[A-Za-z0-9/_.-]*$", ErrorMessage = "Mcp:Http:Path must start with '/' and contain only letters, digits, '/', '_', '.', '-'.")]
    public string Path { get; set; } = "/mcp";

    /// <summary>
    /// Browser origins allowed besides loopback ones (<c>scheme://host[:port]</c>, e.g. <c>https://ops.example.com</c>).
    /// </summary>
    /// <value>Default none: only <c>localhost</c>, <c>127.0.0.1</c> and <c>[::1]</c> origins, on any port.</value>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>
    /// <c>Host</c> header values allowed besides loopback names (<c>host</c> for any port, or <c>host:port</c>),
    /// needed when the server is reached by name through a load balancer.
    /// </summary>
    /// <value>Default none: only <c>localhost</c>, <c>127.0.0.1</c> and <c>[::1]</c>, on any port.</value>
    public string[] AllowedHosts { get; set; } = [];

    /// <summary>The largest accepted request body in bytes; larger requests get 413.</summary>
    /// <value>Default 1,048,576 (1 MiB).</value>
    [Range(1_024, 64L * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1_048_576;
}

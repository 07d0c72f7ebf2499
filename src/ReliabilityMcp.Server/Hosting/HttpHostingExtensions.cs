using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;
using ReliabilityMcp.Server.Http;
using ReliabilityMcp.Server.Security;

namespace ReliabilityMcp.Server.Hosting;

/// <summary>The Streamable HTTP transport with its security: DNS-rebinding protection, bearer tokens, size limits.</summary>
public static class HttpHostingExtensions
{
    /// <summary>
    /// Adds the MCP server for Streamable HTTP: binds <see cref="McpHttpOptions.DefaultUrl"/> unless addresses are
    /// configured, validates <c>Mcp:Http</c> and <c>Auth</c> at startup, authenticates bearer tokens, rejects foreign
    /// Host/Origin headers, and refuses to serve anonymously on a non-loopback address. Map it with
    /// <see cref="ReliabilityMcpEndpointExtensions.MapReliabilityMcp"/>.
    /// </summary>
    /// <param name="builder">The web application builder.</param>
    /// <returns>The same builder.</returns>
    public static WebApplicationBuilder AddReliabilityMcpHttp(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!HasConfiguredAddresses(builder.Configuration))
        {
            // Loopback only unless the operator says otherwise (ASPNETCORE_URLS, --urls, http_ports, Kestrel:Endpoints).
            builder.WebHost.UseUrls(McpHttpOptions.DefaultUrl);
        }

        var services = builder.Services;
        services.AddOptions<McpHttpOptions>().BindConfiguration(McpHttpOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<TokenRegistry>();
        services.AddSingleton<HostOriginValidator>();
        services.AddTransient<IStartupFilter, RequestLogStartupFilter>();
        services.AddTransient<IStartupFilter, DnsRebindingProtectionStartupFilter>();
        services.PostConfigure<LoggerFilterOptions>(SilenceHostingRequestLines);
        services.AddHostedService<ListenAddressGuard>();

        // AddAuthenticationCore rather than AddAuthentication: the latter also brings Data Protection, which writes
        // a key ring to the user profile at startup and which bearer tokens do not need.
        services.AddWebEncoders();
        services.AddAuthenticationCore(options =>
        {
            options.DefaultScheme = BearerTokenDefaults.Scheme;
            options.AddScheme<BearerTokenAuthenticationHandler>(BearerTokenDefaults.Scheme, displayName: null);
        });
        services.AddAuthorization();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuditingAuthorizationResultHandler>();

        // Stateless: any replica serves any request (no session state, no GET stream). Each POST's server runs on the
        // request's service scope, which already ends with the request.
        builder.AddReliabilityMcpServer(ServerRuntimeInfo.StreamableHttpTransport)
            .WithHttpTransport(options => options.Stateless = true);
        services.PostConfigure<McpServerOptions>(options => options.ScopeRequests = false);
        return builder;
    }

    /// <summary>
    /// ASP.NET Core's "Request starting/finished" lines print the full URL, query string and any token in it included
    /// (issue 17); <see cref="RequestLogMiddleware"/> logs each request with credentials redacted instead. Applied after
    /// every other logging configuration, for every provider that has rules of its own, so no setting turns them back on.
    /// </summary>
    private static void SilenceHostingRequestLines(LoggerFilterOptions options)
    {
        const string category = "Microsoft.AspNetCore.Hosting.Diagnostics";
        foreach (var provider in options.Rules.Select(rule => rule.ProviderName).Append(null).Distinct().ToList())
        {
            options.Rules.Add(new LoggerFilterRule(provider, category, LogLevel.Warning, filter: null));
        }
    }

    private static bool HasConfiguredAddresses(IConfiguration configuration)
        => !string.IsNullOrWhiteSpace(configuration["urls"])
            || !string.IsNullOrWhiteSpace(configuration["http_ports"])
            || !string.IsNullOrWhiteSpace(configuration["https_ports"])
            || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
}

using ReliabilityMcp.Core.Security;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Slo;

/// <summary>An isolated server (own configuration copy and key prefix) with the test tokens plus a telemetry sender.</summary>
public sealed class SloServerFixture : IAsyncLifetime
{
    public const string TelemetryPrincipal = "telemetry-tess";
    public const string TelemetryToken = "tess-2a7c9e4b1d6f48a0b3c5";

    private ServerApplicationFactory? _factory;
    private ReliabilityConfigFile? _config;

    public ServerApplicationFactory Server => _factory ?? throw new InvalidOperationException("The fixture has not started.");

    public HttpClient CreateHttpClient(string? token) => Server.CreateBearerClient(token);

    public ValueTask InitializeAsync()
    {
        // Plus an SLO of inventory's own, so a test can drive it into a page without touching the shipped SLOs' tests.
        const string Payments = "    - { service: payments, name: payments-availability,";
        var text = ReliabilityConfigFile.ShippedTextWithExplorer();
        if (!text.Contains(Payments, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The shipped configuration no longer has the payments SLO line this fixture adds beside.");
        }

        _config = ReliabilityConfigFile.Create(text.Replace(Payments,
            "    - { service: inventory, name: inventory-availability, sli: availability, objective: 99.95, window_days: 28, min_events: 1000 }\n" + Payments,
            StringComparison.Ordinal));
        var settings = TestTokens.Configuration();
        settings["Auth:Tokens:4:Principal"] = TelemetryPrincipal;
        settings["Auth:Tokens:4:Sha256"] = BearerTokenHash.ComputeHex(TelemetryToken);
        settings["Auth:Tokens:4:Roles:0"] = PrincipalRoleNames.Telemetry;
        settings["Reliability:ConfigPath"] = _config.FilePath;
        settings["Reliability:KeyPrefix"] = $"slo-{Guid.NewGuid():N}";
        _factory = new ServerApplicationFactory(settings);
        _factory.Start();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        _config?.Dispose();
    }
}

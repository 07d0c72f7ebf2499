using System.Text.Json;
using ReliabilityMcp.Core.Security;
using ReliabilityMcp.Server.Chaos;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Chaos;

/// <summary>
/// A chaos run is judged over every service its faults land on, not only the target it names (issue 17, item 2): a
/// dependency outage on billing is a fault in payments and must pass the guard as one.
/// </summary>
public sealed class ChaosGuardScopeTests
{
    private const string LocalAgentToken = "local-agent-0d6b2f8e4a1c4e7f9b35";

    [Fact]
    public async Task RunChaos_DependencyOutageOnBilling_IsJudgedOverPaymentsWhereTheFaultsLand()
    {
        var ct = TestTimeouts.Token();
        await using var estate = await ChaosEstate.StartAsync();
        // billing and checkout both call payments, which holds card data: named directly, payments is CRITICAL.
        // chaos_experiment keeps the catalogue's default (MEDIUM): billing alone would run autonomously.
        await using var server = StartServer(estate, """
            services:
              billing: { depends_on: [payments] }
              checkout: { depends_on: [payments] }
              payments: { criticality: critical, data_sensitivity: restricted, compliance: [pci] }
            """, "");
        await using var client = await McpClients.ConnectHttpAsync(server.Factory.McpEndpoint, TestTokens.AgentToken, McpClients.November2025, ct);

        var result = await ChaosCalls.RunAsync(client, """{"template": "payments-down", "target": "billing"}""", ct);

        Assert.Equal("HTTP 503 errors on payments, path /, rate 1, severity 2", Assert.Single(result.Plan.Faults));
        Assert.Equal("pending_approval", result.Status);
        Assert.Equal(2, result.ApproversNeeded);
        Assert.StartsWith("CRITICAL risk needs two distinct approvers", Check(result, "risk_class"), StringComparison.Ordinal);
        Assert.StartsWith("3 service(s) affected (billing, payments, checkout)", Check(result, "blast_radius"), StringComparison.Ordinal);
        Assert.Equal(0, await estate.FaultCountAsync(estate.Payments, ct));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunChaos_DependencyOutageOnBilling_StartsTheCooldownOnPaymentsToo(bool approved)
    {
        var ct = TestTimeouts.Token();
        await using var estate = await ChaosEstate.StartAsync();
        await using var server = StartServer(estate, """
            services:
              billing: { depends_on: [payments] }
              payments: {}
            """, """
            actions:
              chaos_experiment: { base_risk: low, cooldown_seconds: 3600, max_executions_per_hour: 10 }
            """);
        await using var agent = await McpClients.ConnectHttpAsync(server.Factory.McpEndpoint, TestTokens.AgentToken, McpClients.November2025, ct);

        var outage = approved ? await RunApprovedAsync(server.Factory, """{"template": "payments-down", "target": "billing"}""", ct)
            : (await ChaosCalls.RunAsync(agent, """{"template": "payments-down", "target": "billing"}""", ct)).ExperimentId!;
        // Over, and its faults gone from payments: only the cooldown stands between payments and the next run.
        await ChaosCalls.WaitFinishedAsync(agent, outage, ct);
        var direct = await ChaosCalls.RunAsync(agent, """{"template": "long-slow", "target": "payments"}""", ct);

        Assert.Equal("denied", direct.Status);
        Assert.StartsWith("action chaos_experiment is cooling down on payments until ", Check(direct, "cooldown"), StringComparison.Ordinal);
        Assert.Null(direct.ExperimentId);
        Assert.Equal(0, await estate.FaultCountAsync(estate.Payments, ct));
    }

    [Fact]
    public async Task RunChaos_ShippedTopology_DependencyOutageOnCheckoutIsJudgedOverPayments()
    {
        var ct = TestTimeouts.Token();
        // The shipped reliability.yaml as is: local-agent (approval mode there) asks for a dependency outage on
        // checkout, whose faults land on payments (restricted, PCI) and inventory.
        var settings = TestTokens.Configuration();
        settings["Auth:Tokens:9:Principal"] = "local-agent";
        settings["Auth:Tokens:9:Sha256"] = BearerTokenHash.ComputeHex(LocalAgentToken);
        settings["Auth:Tokens:9:Roles:0"] = PrincipalRoleNames.Agent;
        settings["Reliability:ConfigPath"] = ReliabilityConfigFile.ShippedPath;
        settings["Reliability:KeyPrefix"] = $"test-{Guid.NewGuid():N}";
        await using var factory = new ServerApplicationFactory(settings);
        factory.Start();
        await using var client = await McpClients.ConnectHttpAsync(factory.McpEndpoint, LocalAgentToken, McpClients.November2025, ct);

        var result = await ChaosCalls.RunAsync(client, """{"template": "dependency-outage", "target": "checkout"}""", ct);

        Assert.Equal("HTTP 503 errors on payments, inventory, path /, rate 1, severity 2", Assert.Single(result.Plan.Faults));
        Assert.Equal("pending_approval", result.Status);
        Assert.Equal(2, result.ApproversNeeded);
        var risk = Check(result, "risk_class");
        Assert.StartsWith("CRITICAL risk needs two distinct approvers", risk, StringComparison.Ordinal);
        Assert.Contains("payments (restricted)", risk, StringComparison.Ordinal);
        Assert.Contains("compliance scope in payments (pci)", risk, StringComparison.Ordinal);
        Assert.StartsWith("3 service(s) affected (checkout, payments, inventory)", Check(result, "blast_radius"), StringComparison.Ordinal);
    }

    private static string Check(RunChaosResult result, string name) => Assert.Single(result.Checks, c => c.Name == name).Detail;

    /// <summary>admin-carol (approval mode) asks, approver-bob approves; returns the experiment the approval started.</summary>
    private static async Task<string> RunApprovedAsync(ServerApplicationFactory server, string argumentsJson, CancellationToken ct)
    {
        await using var requester = await McpClients.ConnectHttpAsync(server.McpEndpoint, TestTokens.AdminToken, McpClients.November2025, ct);
        using var approver = server.CreateBearerClient(TestTokens.ApproverToken);
        var pending = await ChaosCalls.RunAsync(requester, argumentsJson, ct);
        Assert.Equal("pending_approval", pending.Status);
        using var approved = await approver.PostAsync(new Uri($"api/approvals/{pending.ApprovalId}/approve", UriKind.Relative),
            new StringContent("""{"comment": "game day"}""", System.Text.Encoding.UTF8, "application/json"), ct);
        var body = JsonDocument.Parse(await approved.Content.ReadAsStringAsync(ct)).RootElement;
        Assert.Equal("executed", body.GetProperty("status").GetString());
        return body.GetProperty("result").GetProperty("experiment_id").GetString()!;
    }

    private static ScopedServer StartServer(ChaosEstate estate, string services, string actions)
    {
        var config = ReliabilityConfigFile.Create(ChaosTestConfiguration.Yaml(services, actions, $$"""
              targets:
                billing: { url: "{{estate.Checkout.ToString().TrimEnd('/')}}" }
                payments: { url: "{{estate.Payments.ToString().TrimEnd('/')}}" }
            """));
        var factory = new ServerApplicationFactory(ChaosTestConfiguration.Settings(config.FilePath, $"test-{Guid.NewGuid():N}"));
        factory.Start();
        return new ScopedServer(factory, config);
    }

    private sealed class ScopedServer(ServerApplicationFactory factory, ReliabilityConfigFile config) : IAsyncDisposable
    {
        public ServerApplicationFactory Factory => factory;

        public async ValueTask DisposeAsync()
        {
            await factory.DisposeAsync();
            config.Dispose();
        }
    }
}

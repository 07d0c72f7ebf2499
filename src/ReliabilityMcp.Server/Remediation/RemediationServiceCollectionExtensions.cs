using Microsoft.Extensions.Options;
using ReliabilityMcp.Core.Approvals;
using ReliabilityMcp.Core.Audit;
using ReliabilityMcp.Core.Guardrails;
using ReliabilityMcp.Core.Remediation;
using ReliabilityMcp.Redis;
using ReliabilityMcp.Redis.Approvals;
using ReliabilityMcp.Redis.Remediation;
using ReliabilityMcp.Redis.Connection;

namespace ReliabilityMcp.Server.Remediation;

/// <summary>Registers remediation (executors, runner, execute_remediation) and approvals (store, service, handlers).</summary>
public static class RemediationServiceCollectionExtensions
{
    /// <summary>Adds remediation and approvals. Requires the guard (<c>AddGuardrails</c>).</summary>
    public static IHostApplicationBuilder AddRemediation(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<RemediationOptions>().BindConfiguration(RemediationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ApprovalServiceOptions>().BindConfiguration(ApprovalServiceOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(WebhookExecutor.HttpClientName);
        // A restart is answered once the new process is healthy: each call sets its own timeout (timeout_seconds).
        services.AddHttpClient(ProcessControlClient.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);

        services.AddSingleton<IApprovalStore>(sp => new RedisApprovalStore(sp.GetRequiredService<IStoreConnection>(), sp.GetRequiredService<StoreKeys>()));
        services.AddSingleton<IRemediationStore>(sp => new RedisRemediationStore(sp.GetRequiredService<IStoreConnection>(), sp.GetRequiredService<StoreKeys>()));
        services.AddSingleton(sp => new ApprovalService(
            sp.GetRequiredService<IApprovalStore>(),
            sp.GetServices<IApprovedRequestHandler>(),
            sp.GetRequiredService<GuardService>(),
            sp.GetRequiredService<IReliabilityConfigurationSource>(),
            sp.GetRequiredService<IAuditTrail>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<ApprovalServiceOptions>>().Value));
        services.AddSingleton<IApprovalService>(sp => sp.GetRequiredService<ApprovalService>());
        services.AddSingleton<IApprovedRequestHandler, RemediationApprovalHandler>();

        services.AddSingleton<CommandExecutor>();
        services.AddSingleton<WebhookExecutor>();
        services.AddSingleton<ProcessControlClient>();
        services.AddSingleton<ProcessExecutor>();
        services.AddSingleton<ExecutorCircuitBreakers>();
        services.AddSingleton<HealthProbe>();
        services.AddSingleton<ExecutorCatalog>();
        services.AddSingleton<IExecutorCatalog>(sp => sp.GetRequiredService<ExecutorCatalog>());
        services.AddSingleton<RemediationRunner>();
        services.AddSingleton<RemediationService>();
        // Every replica looks for executions whose server stopped mid-run and settles them (outcome unknown).
        services.AddSingleton<ExecutionSettlement>();
        services.AddHostedService(sp => sp.GetRequiredService<ExecutionSettlement>());
        return builder;
    }
}

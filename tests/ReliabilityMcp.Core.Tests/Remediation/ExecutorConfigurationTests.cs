using ReliabilityMcp.Core.Configuration;

namespace ReliabilityMcp.Core.Tests.Remediation;

/// <summary>The executors section, executor references and health checks, through the real parser.</summary>
public sealed class ExecutorConfigurationTests
{
    private const string Valid = """
        services:
          web: { health_check: { url: "http://127.0.0.1:8080/healthz" } }
        actions:
          restart: { executor: hook }
          scale_out: { executor: kubectl }
        executors:
          hook: { webhook: { url: "https://ops.example/remediate", idempotent_actions: [circuit_breaker] } }
          kubectl:
            command:
              executable: /usr/bin/kubectl
              args: [scale, "deployment/{target}", "--replicas={param.replicas}"]
              dry_run_args: [scale, "deployment/{target}", "--dry-run=server"]
        """;

    [Fact]
    public void Parse_ValidExecutors_BindsWebhookCommandAndHealthCheck()
    {
        var sut = ReliabilityConfigurationParser.Parse(Valid, "r.yaml");

        Assert.Empty(sut.Errors);
        var config = sut.Configuration!;
        Assert.Equal("https://ops.example/remediate", config.Executors["hook"].Webhook!.Url);
        Assert.Equal([Actions.ActionType.CircuitBreaker], config.Executors["hook"].Webhook!.IdempotentActions);
        Assert.Equal(3, config.Executors["hook"].Webhook!.CircuitBreaker.FailureThreshold);
        Assert.Equal("/usr/bin/kubectl", config.Executors["kubectl"].Command!.Executable);
        Assert.Equal(200, config.Services["web"].HealthCheck!.ExpectedStatus);
    }

    [Theory]
    [InlineData("""executors: { x: { webhook: { url: "ftp://a" } } }""", "executors.x.webhook.url")]
    [InlineData("""executors: { x: { } }""", "give exactly one of webhook")]
    [InlineData("""executors: { x: { webhook: { url: "http://a" }, command: { executable: /bin/true, args: [a] } } }""", "give exactly one of webhook")]
    [InlineData("""executors: { x: { command: { executable: kubectl, args: [a] } } }""", "must be an absolute path")]
    [InlineData("""executors: { x: { command: { executable: /bin/true, args: ["{secret}"] } } }""", "unknown placeholder {secret}")]
    [InlineData("""executors: { x: { command: { executable: /bin/true, args: [a], circuit_breaker: { failure_threshold: 1 } } } }""", "failure_threshold")]
    [InlineData("""actions: { restart: { executor: missing } }""", "'missing' is not defined under executors")]
    [InlineData("""services: { web: { health_check: { url: "http://a", expected_status: 42 } } }""", "not an HTTP status code")]
    public void Parse_InvalidExecutorSettings_NamesThePathAndTheFix(string yaml, string expected)
    {
        var sut = ReliabilityConfigurationParser.Parse(yaml, "r.yaml");

        Assert.Null(sut.Configuration);
        Assert.Contains(sut.Errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_SecretInTheFile_IsAnUnknownField()
    {
        var sut = ReliabilityConfigurationParser.Parse("""executors: { x: { webhook: { url: "http://a", secret: "s3cret" } } }""", "r.yaml");

        Assert.Contains(sut.Errors, e => e.Contains("unknown field 'secret'", StringComparison.Ordinal));
    }
}

using ReliabilityMcp.Core.Configuration;
using ReliabilityMcp.Core.Remediation;

namespace ReliabilityMcp.Core.Tests.Remediation;

/// <summary>The <c>process</c> executor (AppHost control API) through the real parser and validator.</summary>
public sealed class ProcessExecutorConfigurationTests
{
    [Fact]
    public void Parse_ValidProcessExecutors_BindsUrlOperationReplicasAndDefaults()
    {
        const string yaml = """
            actions:
              restart: { executor: apphost-restart }
              scale_out: { executor: apphost-scale }
            executors:
              apphost-restart: { process: { url: "http://127.0.0.1:5190", operation: restart } }
              apphost-scale:
                process: { url: "http://127.0.0.1:5190", operation: scale, replicas: "{param.replicas}", timeout_seconds: 30, circuit_breaker: { failure_threshold: 2 } }
              apphost-fixed: { process: { url: "https://apphost.internal:5190/", operation: scale, replicas: 3 } }
              apphost-stop: { process: { url: "http://127.0.0.1:5190", operation: stop } }
            """;

        var sut = ReliabilityConfigurationParser.Parse(yaml, "r.yaml");

        Assert.Empty(sut.Errors);
        var executors = sut.Configuration!.Executors;
        var restart = executors["apphost-restart"].Process!;
        Assert.Equal("http://127.0.0.1:5190", restart.Url);
        Assert.Equal(ProcessOperation.Restart, restart.Operation);
        Assert.Null(restart.Replicas);
        Assert.Equal(120, restart.TimeoutSeconds);
        Assert.Equal(3, restart.CircuitBreaker.FailureThreshold);
        var scale = executors["apphost-scale"].Process!;
        Assert.Equal(ProcessOperation.Scale, scale.Operation);
        Assert.Equal("{param.replicas}", scale.Replicas);
        Assert.Equal(30, scale.TimeoutSeconds);
        Assert.Equal(2, scale.CircuitBreaker.FailureThreshold);
        Assert.Equal("3", executors["apphost-fixed"].Process!.Replicas);
        Assert.Equal(ProcessOperation.Stop, executors["apphost-stop"].Process!.Operation);
        Assert.Null(executors["apphost-stop"].Webhook);
        Assert.Null(executors["apphost-stop"].Command);
    }

    [Theory]
    [InlineData("""x: { process: { url: "ftp://apphost", operation: restart } }""", "executors.x.process.url: 'ftp://apphost' is not an absolute http(s) URL")]
    [InlineData("""x: { process: { url: "/resources", operation: restart } }""", "executors.x.process.url")]
    [InlineData("""x: { process: { url: "http://127.0.0.1:5190" } }""", "executors.x.process: JSON deserialization for type 'ReliabilityMcp.Core.Remediation.ProcessExecutorDefinition' was missing required properties including: 'operation'.")]
    [InlineData("""x: { process: { url: "http://127.0.0.1:5190", operation: reboot } }""", "not a valid value; use one of restart, stop, start, scale.")]
    [InlineData("""x: { process: { url: "http://127.0.0.1:5190", operation: scale } }""", "executors.x.process.replicas: operation: scale needs replicas")]
    [InlineData("""x: { process: { url: "http://127.0.0.1:5190", operation: scale, replicas: 0 } }""", "'0' is neither a whole number of at least 1")]
    [InlineData("""x: { process: { url: "http://127.0.0.1:5190", operation: scale, replicas: "{target}" } }""", "'{target}' is neither")]
    [InlineData("""x: { process: { url: "http://127.0.0.1:5190", operation: scale, replicas: "n={param.replicas}" } }""", "single {param.NAME} placeholder")]
    [InlineData("""x: { process: { url: "http://127.0.0.1:5190", operation: restart, replicas: 2 } }""", "replicas is only used by operation: scale; remove it from this restart executor.")]
    [InlineData("""x: { process: { url: "http://127.0.0.1:5190", operation: restart, timeout_seconds: 0 } }""", "executors.x.process.timeout_seconds: 0 is out of range; use 1 to 3600.")]
    [InlineData("""x: { process: { url: "http://127.0.0.1:5190", operation: stop, circuit_breaker: { break_seconds: 0 } } }""", "executors.x.process.circuit_breaker.break_seconds")]
    [InlineData("""x: { process: { url: "http://127.0.0.1:5190", operation: stop }, webhook: { url: "http://a" } }""", "give exactly one of webhook: { url: ... }, command: { executable: /abs/path, args: [...] } or process:")]
    public void Parse_InvalidProcessExecutor_NamesThePathAndTheFix(string executor, string expected)
    {
        var sut = ReliabilityConfigurationParser.Parse($"executors:\n  {executor}\n", "r.yaml");

        Assert.Null(sut.Configuration);
        Assert.Contains(sut.Errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_TokenInTheFile_IsAnUnknownField()
    {
        var sut = ReliabilityConfigurationParser.Parse("""executors: { x: { process: { url: "http://127.0.0.1:5190", operation: restart, token: "t0ken" } } }""", "r.yaml");

        Assert.Contains(sut.Errors, e => e.Contains("unknown field 'token'", StringComparison.Ordinal));
    }
}

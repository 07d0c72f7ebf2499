using System.Net;
using System.Text;
using ModelContextProtocol.Protocol;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Policies;

/// <summary>Invalid <c>evaluate_policies</c> arguments come back as tool errors that say what to send instead.</summary>
public sealed class EvaluatePoliciesValidationTests(IsolatedServerFixture fixture) : IClassFixture<IsolatedServerFixture>
{
    public static TheoryData<string, string> InvalidArguments { get; } = new()
    {
        { """{"service": "Checkout", "telemetry": {"error_rate": 0.2}}""", "'service' must match ^[a-z0-9][a-z0-9-]{0,62}$ (e.g. \"checkout\"); got \"Checkout\"" },
        { "{\"service\": \"" + new string('a', 64) + "\", \"telemetry\": {\"error_rate\": 0.2}}", "'service' must match ^[a-z0-9][a-z0-9-]{0,62}$" },
        { """{"service": "", "telemetry": {"error_rate": 0.2}}""", "'service' must match ^[a-z0-9][a-z0-9-]{0,62}$ (e.g. \"checkout\"); got \"\"" },
        { """{"service": "checkout", "telemetry": {}}""", "'telemetry' has no metrics; give at least one, e.g. {\"error_rate\": 0.2}" },
        { """{"service": "checkout", "telemetry": {"custom": {}}}""", "'telemetry' has no metrics" },
        { """{"service": "checkout", "telemetry": {"error_rate": 1.5}}""", "error_rate is a ratio and must be between 0 and 1 (e.g. 0.25 for 25%); got 1.5" },
        { """{"service": "checkout", "telemetry": {"latency_p99": -5}}""", "latency_p99 is in milliseconds and must be between 0 and 3600000; got -5" },
        { """{"service": "checkout", "telemetry": {"throughput": -1}}""", "throughput is requests per second and cannot be negative" },
        // A JSON number cannot be NaN, but the SDK's serializer reads the string "NaN" as one: the range check must catch it.
        { """{"service": "checkout", "telemetry": {"cpu_util": "NaN"}}""", "telemetry.cpu_util must be a finite number (NaN and infinity are not telemetry)" },
        { "{\"service\": \"checkout\", \"telemetry\": {\"custom\": " + ThirtyThreeCustomMetrics() + "}}", "telemetry.custom has 33 metrics; at most 32 are accepted" },
        { """{"service": "checkout", "telemetry": {"custom": {"Queue-Depth": 3}}}""", "telemetry.custom name \"Queue-Depth\" is not valid: use lower-case letters, digits, '_' or '.', starting with a letter" },
        { """{"service": "checkout", "telemetry": {"custom": {"error_rate": 0.9}}}""", "put standard metrics at the top level" },
        // Out of double range: parsed as infinity.
        { """{"service": "checkout", "telemetry": {"custom": {"queue_depth": 1e400}}}""", "telemetry.queue_depth must be a finite number" },
        { """{"service": "checkout", "telemetry": null}""", "'telemetry' is required: give at least one metric, e.g. {\"latency_p99\": 850}" },
        { """{"service": null, "telemetry": {"error_rate": 0.2}}""", "'service' must match ^[a-z0-9][a-z0-9-]{0,62}$" },
        // Omitted arguments never reach the tool's binder: the required-arguments filter names them and quotes their description.
        { """{"service": "checkout"}""", "evaluate_policies is missing required argument(s): 'telemetry': Observed telemetry" },
        { """{}""", "evaluate_policies is missing required argument(s): 'service': Service name as in the service graph" },
    };

    [Theory]
    [MemberData(nameof(InvalidArguments))]
    public async Task CallTool_InvalidArguments_ReturnsToolErrorSayingWhatToSendAndStaysHealthy(string arguments, string expectedMessage)
    {
        var cancellationToken = TestTimeouts.Token();
        await using var sut = await McpClients.ConnectHttpAsync(fixture.Server.McpEndpoint, TestTokens.AgentToken, McpClients.November2025, cancellationToken);

        var result = await sut.CallToolAsync("evaluate_policies", ToolArguments.Parse(arguments), cancellationToken: cancellationToken);

        Assert.True(result.IsError, $"expected a tool error for {arguments}");
        var message = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        Assert.Contains(expectedMessage, message, StringComparison.Ordinal);
        Assert.Null(result.StructuredContent);

        // The same session and the server go on working.
        var next = await sut.CallToolAsync(
            "evaluate_policies", ToolArguments.Parse("""{"service": "checkout", "telemetry": {"error_rate": 0.2}}"""), cancellationToken: cancellationToken);
        Assert.Equal(["elevated-errors-shift"], EvaluatePoliciesTests.Parse(next).Matched.Select(policy => policy.Name).ToArray());
        using var http = fixture.CreateHttpClient(token: null);
        using var health = await http.GetAsync(new Uri("health", UriKind.Relative), cancellationToken);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync(cancellationToken));
    }

    private static string ThirtyThreeCustomMetrics()
    {
        var json = new StringBuilder("{");
        for (var i = 0; i < 33; i++)
        {
            json.Append(i == 0 ? "" : ", ").Append($"\"m{i}\": {i}");
        }

        return json.Append('}').ToString();
    }
}

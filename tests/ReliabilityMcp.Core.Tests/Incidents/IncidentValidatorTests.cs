using ReliabilityMcp.Core.Actions;
using ReliabilityMcp.Core.Incidents;

namespace ReliabilityMcp.Core.Tests.Incidents;

public sealed class IncidentValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly NewIncident Valid = new()
    {
        Service = "checkout",
        Severity = IncidentSeverity.High,
        Title = "5xx after deploy",
        Description = "Error rate rose to 12% after release 2.14.",
        Symptoms = "HTTP 503 from checkout",
        Telemetry = new Dictionary<string, double> { ["error_rate"] = 0.12, ["queue_depth"] = 40 },
        Tags = ["deploy"],
        StartedAt = Now.AddHours(-1),
    };

    [Fact]
    public void Validate_ValidIncident_NoErrors() => Assert.Empty(IncidentValidator.Validate(Valid, Now));

    public static TheoryData<string, NewIncident> BadIncidents() => new()
    {
        { "service:", Valid with { Service = "Checkout_API" } },
        { "severity:", Valid with { Severity = (IncidentSeverity)9 } },
        { "title: is required", Valid with { Title = "" } },
        { "title: at most 200", Valid with { Title = new string('x', 201) } },
        { "title: must be a single line", Valid with { Title = "two\nlines" } },
        { "description: at most 8000", Valid with { Description = new string('x', 8001) } },
        { "symptoms: control characters", Valid with { Symptoms = "bell\u0007" } },
        { "root_cause: at most 2000", Valid with { RootCause = new string('x', 2001) } },
        { "telemetry.error_rate is a ratio", Valid with { Telemetry = new Dictionary<string, double> { ["error_rate"] = 1.5 } } },
        { "telemetry.latency_p99 must be a finite number", Valid with { Telemetry = new Dictionary<string, double> { ["latency_p99"] = double.NaN } } },
        { "telemetry.cpu_util must be a finite number", Valid with { Telemetry = new Dictionary<string, double> { ["cpu_util"] = double.PositiveInfinity } } },
        { "telemetry: custom metric name", Valid with { Telemetry = new Dictionary<string, double> { ["Queue Depth"] = 1 } } },
        { "telemetry: at most 32 custom", Valid with { Telemetry = Enumerable.Range(0, 33).ToDictionary(i => $"m{i}", i => (double)i) } },
        { "tags: \"Not A Tag\"", Valid with { Tags = ["Not A Tag"] } },
        { "tags: at most 20", Valid with { Tags = [.. Enumerable.Range(0, 21).Select(i => $"t{i}")] } },
        { "started_at:", Valid with { StartedAt = Now.AddHours(1) } },
        { "resolved_at:", Valid with { ResolvedAt = Now.AddHours(-2) } },
    };

    [Theory]
    [MemberData(nameof(BadIncidents))]
    public void Validate_BadField_NamesTheField(string expected, NewIncident incident)
    {
        var errors = IncidentValidator.Validate(incident, Now);

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal) || e.Contains(expected, StringComparison.Ordinal));
    }

    private static readonly NewOutcome ValidOutcome = new()
    {
        IncidentId = "inc-0123456789abcdef",
        Actions = [new IncidentAction(ActionType.Rollback, ["checkout"], "to 2.13")],
        Success = true,
        ResolutionMinutes = 14,
    };

    [Fact]
    public void Validate_ValidOutcome_NoErrors() => Assert.Empty(IncidentValidator.Validate(ValidOutcome));

    public static TheoryData<string, NewOutcome> BadOutcomes() => new()
    {
        { "incident_id:", ValidOutcome with { IncidentId = "INC-1" } },
        { "actions: give 1 to 20", ValidOutcome with { Actions = [] } },
        { "actions[0].targets: give 1 to 20", ValidOutcome with { Actions = [new IncidentAction(ActionType.Restart, [])] } },
        { "actions[0].targets: at most 128", ValidOutcome with { Actions = [new IncidentAction(ActionType.Restart, [new string('x', 129)])] } },
        { "actions[0].detail: at most 500", ValidOutcome with { Actions = [new IncidentAction(ActionType.Restart, ["a"], new string('x', 501))] } },
        { "resolution_minutes:", ValidOutcome with { ResolutionMinutes = -1 } },
        { "resolution_minutes:", ValidOutcome with { ResolutionMinutes = double.NaN } },
        { "lessons: at most 4000", ValidOutcome with { Lessons = new string('x', 4001) } },
    };

    [Theory]
    [MemberData(nameof(BadOutcomes))]
    public void Validate_BadOutcomeField_NamesTheField(string expected, NewOutcome outcome) =>
        Assert.Contains(IncidentValidator.Validate(outcome), e => e.StartsWith(expected, StringComparison.Ordinal));

    [Theory]
    [InlineData(0)]
    [InlineData(51)]
    public void Validate_QueryKOutOfRange_NamesK(int k) =>
        Assert.Contains(IncidentValidator.Validate(new IncidentQuery { Text = "x", K = k }), e => e.StartsWith("k:", StringComparison.Ordinal));

    [Fact]
    public void Validate_QueryWithoutTextOrTelemetry_AsksForOne() =>
        Assert.Contains(IncidentValidator.Validate(new IncidentQuery()), e => e.StartsWith("query:", StringComparison.Ordinal));
}

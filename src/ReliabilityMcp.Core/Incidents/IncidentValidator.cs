using System.Globalization;
using System.Text.RegularExpressions;
using ReliabilityMcp.Core.Configuration;
using ReliabilityMcp.Core.Policies;

namespace ReliabilityMcp.Core.Incidents;

/// <summary>
/// Checks incidents, outcomes and searches before anything is embedded or stored. Each message starts with the
/// field it is about and says what to send instead, because the reader is usually a model fixing its own call.
/// </summary>
public static partial class IncidentValidator
{
    /// <summary>Tags: lower-case letters, digits and <c>-_.:</c>, at most 40 characters.</summary>
    [GeneratedRegex("^[a-z0-9][a-z0-9_.:-]{0,39}$", RegexOptions.CultureInvariant)]
    public static partial Regex TagPattern();

    /// <summary>The problems with <paramref name="incident"/>; empty when it is valid.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="now">The current time (start times may not lie more than 5 minutes ahead of it).</param>
    public static IReadOnlyList<string> Validate(NewIncident incident, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var errors = new List<string>();
        ValidateService("service", incident.Service, errors);
        if (!Enum.IsDefined(incident.Severity))
        {
            errors.Add("severity: must be one of low, medium, high, critical.");
        }

        Text("title", incident.Title, 1, IncidentLimits.TitleLength, errors, allowNewLines: false);
        Text("description", incident.Description, 0, IncidentLimits.DescriptionLength, errors);
        Text("symptoms", incident.Symptoms, 0, IncidentLimits.SymptomsLength, errors);
        if (incident.RootCause is not null)
        {
            Text("root_cause", incident.RootCause, 0, IncidentLimits.RootCauseLength, errors);
        }

        ValidateTelemetry("telemetry", incident.Telemetry, errors);
        if (incident.Tags.Count > IncidentLimits.Tags)
        {
            errors.Add($"tags: at most {IncidentLimits.Tags} tags; got {incident.Tags.Count}.");
        }

        foreach (var tag in incident.Tags)
        {
            if (tag is null || !TagPattern().IsMatch(tag))
            {
                errors.Add($"tags: \"{Clip(tag)}\" is not a valid tag; use lower-case letters, digits and -_.: (at most 40), e.g. \"deploy\".");
            }
        }

        if (incident.StartedAt > now.AddMinutes(5))
        {
            errors.Add($"started_at: {incident.StartedAt:O} is in the future; give when the incident started (ISO 8601).");
        }

        if (incident.ResolvedAt is { } resolved && resolved < incident.StartedAt)
        {
            errors.Add($"resolved_at: {resolved:O} is before started_at {incident.StartedAt:O}.");
        }

        return errors;
    }

    /// <summary>The problems with <paramref name="outcome"/>; empty when it is valid.</summary>
    public static IReadOnlyList<string> Validate(NewOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var errors = new List<string>();
        if (!IncidentIds.IsIncidentId(outcome.IncidentId))
        {
            errors.Add($"incident_id: \"{Clip(outcome.IncidentId)}\" is not an incident id; use the id record_incident returned, e.g. \"inc-0f3a9c2d41b7e8a6\".");
        }

        if (outcome.Actions.Count is 0 or > IncidentLimits.Actions)
        {
            errors.Add($"actions: give 1 to {IncidentLimits.Actions} actions; got {outcome.Actions.Count}.");
        }

        for (var i = 0; i < outcome.Actions.Count; i++)
        {
            var action = outcome.Actions[i];
            var field = $"actions[{i.ToString(CultureInfo.InvariantCulture)}]";
            if (action is null)
            {
                errors.Add($"{field}: is empty.");
                continue;
            }

            if (!Enum.IsDefined(action.Action))
            {
                errors.Add($"{field}.action: unknown action type.");
            }

            if (action.Targets.Count is 0 or > IncidentLimits.Targets)
            {
                errors.Add($"{field}.targets: give 1 to {IncidentLimits.Targets} targets; got {action.Targets.Count}.");
            }

            foreach (var target in action.Targets)
            {
                Text($"{field}.targets", target, 1, IncidentLimits.TargetLength, errors, allowNewLines: false);
            }

            if (action.Detail is not null)
            {
                Text($"{field}.detail", action.Detail, 0, IncidentLimits.ActionDetailLength, errors);
            }
        }

        if (!double.IsFinite(outcome.ResolutionMinutes) || outcome.ResolutionMinutes < 0 || outcome.ResolutionMinutes > IncidentLimits.ResolutionMinutes)
        {
            errors.Add($"resolution_minutes: must be a finite number of minutes between 0 and {IncidentLimits.ResolutionMinutes}; got {outcome.ResolutionMinutes.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (outcome.Lessons is not null)
        {
            Text("lessons", outcome.Lessons, 0, IncidentLimits.LessonsLength, errors);
        }

        return errors;
    }

    /// <summary>The problems with a search; empty when it is valid.</summary>
    public static IReadOnlyList<string> Validate(IncidentQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(query.Text) && query.Telemetry.Count == 0)
        {
            errors.Add("query: give query text, telemetry, or both, e.g. {\"query\": \"checkout 5xx after deploy\"}.");
        }

        if (query.Text is not null)
        {
            Text("query", query.Text, 0, IncidentLimits.QueryLength, errors);
        }

        ValidateTelemetry("telemetry", query.Telemetry, errors);
        if (query.Service is not null)
        {
            ValidateService("service", query.Service, errors);
        }

        if (query.Severity is { } severity && !Enum.IsDefined(severity))
        {
            errors.Add("severity: must be one of low, medium, high, critical.");
        }

        if (query.K is < 1 or > IncidentLimits.MaxK)
        {
            errors.Add($"k: must be between 1 and {IncidentLimits.MaxK}; got {query.K.ToString(CultureInfo.InvariantCulture)}.");
        }

        return errors;
    }

    private static void ValidateService(string field, string? service, List<string> errors)
    {
        if (string.IsNullOrEmpty(service) || !ConfigurationValidator.ServiceNamePattern().IsMatch(service))
        {
            errors.Add($"{field}: must match ^[a-z0-9][a-z0-9-]{{0,62}}$ (e.g. \"checkout\"); got \"{Clip(service)}\".");
        }
    }

    private static void ValidateTelemetry(string field, IReadOnlyDictionary<string, double> telemetry, List<string> errors)
    {
        var custom = 0;
        foreach (var (name, value) in telemetry)
        {
            if (!TelemetryMetrics.Standard.Contains(name))
            {
                custom++;
                if (!TelemetryMetrics.CustomNamePattern().IsMatch(name))
                {
                    errors.Add($"{field}: custom metric name \"{Clip(name)}\" is not valid; use lower-case letters, digits, '_' or '.', starting with a letter.");
                    continue;
                }
            }

            if (TelemetryMetrics.ValidateValue(name, value) is { } problem)
            {
                errors.Add($"{field}.{problem}");
            }
        }

        if (custom > IncidentLimits.CustomMetrics)
        {
            errors.Add($"{field}: at most {IncidentLimits.CustomMetrics} custom metrics; got {custom}.");
        }
    }

    private static void Text(string field, string? value, int min, int max, List<string> errors, bool allowNewLines = true)
    {
        if (value is null || value.Length < min)
        {
            errors.Add(min == 1 ? $"{field}: is required." : $"{field}: must have at least {min} characters.");
            return;
        }

        if (value.Length > max)
        {
            errors.Add($"{field}: at most {max} characters; got {value.Length}.");
            return;
        }

        foreach (var c in value)
        {
            if (char.IsControl(c) && !(allowNewLines && c is '\n' or '\r' or '\t'))
            {
                errors.Add(allowNewLines
                    ? $"{field}: control characters other than newline and tab are not accepted."
                    : $"{field}: must be a single line without control characters.");
                return;
            }
        }
    }

    private static string Clip(string? s) => s is null ? "" : s.Length <= 64 ? s : s[..64] + "…";
}

using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ReliabilityMcp.Redis.Connection;

/// <summary>
/// The store calls' telemetry: a <see cref="Meter"/> and an <see cref="System.Diagnostics.ActivitySource"/>
/// both named <c>ReliabilityMcp.Store</c> (subscribe by that name; no OpenTelemetry package is needed here). A span
/// per command, child of the tool call that made it, so the dashboard shows store calls beside tool calls.
/// </summary>
public static class StoreDiagnostics
{
    /// <summary>Name of the meter and the activity source.</summary>
    public const string Name = "ReliabilityMcp.Store";

    internal static readonly ActivitySource ActivitySource = new(Name);

    internal static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> Commands =
        Meter.CreateCounter<long>("reliabilitymcp.store.commands", "{command}", "Commands sent to the store.");

    internal static readonly Counter<long> Errors =
        Meter.CreateCounter<long>("reliabilitymcp.store.errors", "{command}",
            "Commands that failed, by error.type: server (an error reply), timeout, canceled, unavailable.");

    internal static readonly Histogram<double> Duration =
        Meter.CreateHistogram<double>("reliabilitymcp.store.command.duration", "s", "Time from sending a command to its reply.");

    internal static Activity? StartCommand(string command, string endPoint)
    {
        if (!ActivitySource.HasListeners())
        {
            return null;
        }

        // Awaited in the caller's flow: the span is the caller's child and is Current only until it is disposed.
        var activity = ActivitySource.StartActivity(command, ActivityKind.Client);
        activity?.SetTag("db.system.name", "redis");
        activity?.SetTag("db.operation.name", command);
        activity?.SetTag("server.address", endPoint);
        return activity;
    }
}

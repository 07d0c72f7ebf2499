using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ReliabilityMcp.Redis.Resp;

/// <summary>
/// The store client's telemetry: a <see cref="Meter"/> and an <see cref="System.Diagnostics.ActivitySource"/>
/// both named <c>ReliabilityMcp.Store</c> (subscribe by that name; no OpenTelemetry package is needed here).
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

    internal static readonly Counter<long> Reconnects =
        Meter.CreateCounter<long>("reliabilitymcp.store.reconnects", "{connection}", "Connections re-established after a drop.");

    internal static readonly Counter<long> DiscardedReplies =
        Meter.CreateCounter<long>("reliabilitymcp.store.discarded_replies", "{reply}",
            "Replies read and dropped because their caller had timed out or cancelled.");

    internal static Activity? StartCommand(string command, string host, int port)
    {
        if (!ActivitySource.HasListeners())
        {
            return null;
        }

        // The command completes on the connection's reader, not in the caller's flow: create the span without
        // making it Activity.Current, so it neither leaks into the caller nor parents unrelated work.
        var activity = ActivitySource.CreateActivity(command, ActivityKind.Client);
        if (activity is null)
        {
            return null;
        }

        var previous = Activity.Current;
        activity.SetTag("db.system.name", "redis");
        activity.SetTag("db.operation.name", command);
        activity.SetTag("server.address", host);
        activity.SetTag("server.port", port);
        activity.Start();
        Activity.Current = previous;
        return activity;
    }
}

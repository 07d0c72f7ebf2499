using System.ComponentModel.DataAnnotations;

namespace ReliabilityMcp.Server.Remediation;

/// <summary>Host settings of remediation (section <c>Remediation</c>), kept out of the hot-reloaded reliability file on purpose.</summary>
public sealed class RemediationOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Remediation";

    /// <summary>
    /// Absolute paths of executables command executors may run. A command executor whose executable is not listed
    /// here is refused, so whoever can edit the reliability file still cannot make the server run a new program.
    /// </summary>
    /// <value>Default: none (command executors are refused until the host allows them).</value>
    public List<string> AllowedExecutables { get; set; } = [];

    /// <summary>
    /// Names of environment variables passed to command executors besides PATH, HOME, USER, LANG, the LC_* locale,
    /// TZ and TMPDIR (<see cref="Core.Security.ChildProcessEnvironment.DefaultNames"/>). Nothing else of the server's
    /// environment reaches a command: its tokens and secrets live there, and a command's output goes back to the agent.
    /// </summary>
    /// <value>Default: none.</value>
    public List<string> CommandEnvironment { get; set; } = [];

    /// <summary>How long idempotency keys and their first results are kept.</summary>
    /// <value>Default 24 hours, the minimum (DESIGN §4).</value>
    [Range(24, 24 * 30)]
    public int IdempotencyRetentionHours { get; set; } = 24;

    /// <summary>How long execution records are kept for the operator API.</summary>
    /// <value>Default 30 days.</value>
    [Range(1, 365)]
    public int ExecutionRetentionDays { get; set; } = 30;

    /// <summary>
    /// How long a running execution's lease lasts. The replica running it renews it every third of this; when it lapses
    /// (the replica was killed or lost the store) any replica settles the execution as outcome <c>unknown</c>. Also how
    /// long an idempotency key stays claimed by a call that has not yet answered or started an execution.
    /// </summary>
    /// <value>Default 30 seconds.</value>
    [Range(2, 3600)]
    public int ExecutionLeaseSeconds { get; set; } = 30;

    /// <summary>The lease length as a time span.</summary>
    public TimeSpan ExecutionLease => TimeSpan.FromSeconds(ExecutionLeaseSeconds);
}

namespace ReliabilityMcp.Core.Approvals;

/// <summary>Wire names of <see cref="ApprovalState"/>, as stored and as sent.</summary>
public static class ApprovalStates
{
    /// <summary>The wire name of <paramref name="state"/>.</summary>
    public static string ToWireName(this ApprovalState state) => state switch
    {
        ApprovalState.Pending => "pending",
        ApprovalState.Approved => "approved",
        ApprovalState.Executing => "executing",
        ApprovalState.Completed => "completed",
        ApprovalState.Failed => "failed",
        ApprovalState.RolledBack => "rolled_back",
        ApprovalState.Rejected => "rejected",
        ApprovalState.Unknown => "unknown",
        _ => "expired",
    };

    /// <summary>Parses a stored state name.</summary>
    public static ApprovalState Parse(string? name) => name switch
    {
        "pending" => ApprovalState.Pending,
        "approved" => ApprovalState.Approved,
        "executing" => ApprovalState.Executing,
        "completed" => ApprovalState.Completed,
        "failed" => ApprovalState.Failed,
        "rolled_back" => ApprovalState.RolledBack,
        "rejected" => ApprovalState.Rejected,
        "expired" => ApprovalState.Expired,
        "unknown" => ApprovalState.Unknown,
        _ => throw new FormatException($"'{name}' is not an approval state."),
    };
}

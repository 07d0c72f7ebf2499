using ReliabilityMcp.Core.Guardrails;

namespace ReliabilityMcp.Core.Approvals;

/// <summary>
/// The requester already holds as many pending approvals as allowed: nothing was submitted. Callers answer with
/// <see cref="Check"/> as a denial.
/// </summary>
public sealed class PendingApprovalCapException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="principal"/> holding <paramref name="cap"/> pending approvals.</summary>
    public PendingApprovalCapException(string principal, int cap)
        : base($"{principal} already has {cap} pending approvals, the most one principal may hold (Approvals:MaxPendingPerPrincipal = {cap}); " +
            "wait until approvers decide or some expire, then ask again")
    {
        Check = new GuardCheck(CheckName, CheckStatus.Failed, Message);
    }

    /// <summary>Creates the exception.</summary>
    public PendingApprovalCapException()
        : this("the principal", 0)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public PendingApprovalCapException(string message)
        : base(message) => Check = new GuardCheck(CheckName, CheckStatus.Failed, message);

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public PendingApprovalCapException(string message, Exception innerException)
        : base(message, innerException) => Check = new GuardCheck(CheckName, CheckStatus.Failed, message);

    /// <summary>The name of the check the denial carries.</summary>
    public const string CheckName = "pending_approvals";

    /// <summary>The denial as a failed check.</summary>
    public GuardCheck Check { get; }
}

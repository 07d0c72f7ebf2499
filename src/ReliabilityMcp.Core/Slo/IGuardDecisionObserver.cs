using ReliabilityMcp.Core.Guardrails;

namespace ReliabilityMcp.Core.Slo;

/// <summary>Told about every guard decision, so the agents' own SLIs can be counted. Must not throw for the guard's sake.</summary>
public interface IGuardDecisionObserver
{
    /// <summary>Records <paramref name="decision"/> on <paramref name="request"/> taken at <paramref name="now"/>.</summary>
    Task ObserveAsync(GuardRequest request, GuardDecision decision, DateTimeOffset now, CancellationToken cancellationToken);
}

using System.Collections.Concurrent;
using System.Text.Json;
using ReliabilityMcp.Core.Approvals;

namespace ReliabilityMcp.Redis.Tests.Approvals;

/// <summary>A handler that records what it was asked to run.</summary>
internal sealed class RecordingHandler(string kind) : IApprovedRequestHandler
{
    public ConcurrentQueue<ApprovedRequest> Runs { get; } = new();

    public string Kind => kind;

    public Task<ApprovedRequestResult> ExecuteAsync(ApprovedRequest approved, CancellationToken cancellationToken)
    {
        Runs.Enqueue(approved);
        return Task.FromResult(new ApprovedRequestResult(true, "completed", JsonSerializer.SerializeToElement(new { ran = approved.ApprovalId })));
    }
}

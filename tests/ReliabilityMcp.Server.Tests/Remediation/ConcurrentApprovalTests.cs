using System.Net.Http.Json;
using System.Text.Json;
using ReliabilityMcp.Server.Tests.Infrastructure;
using static ReliabilityMcp.Server.Tests.Remediation.RemediationCalls;

namespace ReliabilityMcp.Server.Tests.Remediation;

/// <summary>Two server replicas over one store: racing approvals execute a request exactly once.</summary>
public sealed class ConcurrentApprovalTests(RemediationServerFixture fixture) : IClassFixture<RemediationServerFixture>
{
    [Fact]
    public async Task Approve_FiftyConcurrentApprovalsAcrossTwoReplicas_ExecuteExactlyOnce()
    {
        var cancellationToken = TestTimeouts.Token(TimeSpan.FromMinutes(3));
        var replica = fixture.StartReplica();
        await using var requester = await fixture.ConnectAsync(RemediationTokens.ApprovalToken, cancellationToken);
        var pending = await ExecuteAsync(requester, Request("rollback", "web"), cancellationToken);
        var id = pending.Approval!.ApprovalId;
        var clients = new[]
        {
            fixture.CreateHttpClient(TestTokens.ApproverToken), fixture.CreateHttpClient(RemediationTokens.SecondApproverToken),
            fixture.CreateHttpClient(TestTokens.ApproverToken, replica), fixture.CreateHttpClient(RemediationTokens.SecondApproverToken, replica),
        };
        using var start = new SemaphoreSlim(0);

        var calls = Enumerable.Range(0, 50).Select(async i =>
        {
            await start.WaitAsync(cancellationToken);
            var response = await clients[i % clients.Length].PostAsJsonAsync($"/api/approvals/{id}/approve", new { comment = $"race {i}" }, cancellationToken);
            return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("status").GetString();
        }).ToList();
        start.Release(50);
        var statuses = await Task.WhenAll(calls);

        Assert.Equal(1, statuses.Count(s => s == "executed"));
        Assert.All(statuses, s => Assert.Contains(s, new[] { "executed", "already_claimed", "not_pending", "refused" }));
        var executionId = "exe_" + id["apr_".Length..];
        Assert.Single(fixture.Receiver.For("main", executionId));
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ModelContextProtocol;
using ReliabilityMcp.Core.Approvals;
using ReliabilityMcp.Server.Approvals;
using ReliabilityMcp.Server.Tests.Infrastructure;
using ReliabilityMcp.Server.Tests.Remediation;
using static ReliabilityMcp.Server.Tests.Remediation.RemediationCalls;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Server.Tests.Console;

/// <summary>The console's approvals view in a real browser: an agent's request in approval mode, approved by a human in the page.</summary>
public sealed class ApprovalsViewTests(RemediationServerFixture fixture) : IClassFixture<RemediationServerFixture>
{
    [Fact]
    public async Task Approve_InTheBrowser_RunsTheRemediationAndTheApiShowsItCompleted()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var agent = await fixture.ConnectAsync(RemediationTokens.ApprovalToken, cancellationToken);
        var pending = await ExecuteAsync(agent, Request("rollback", "web"), cancellationToken);
        var id = pending.Approval!.ApprovalId;
        using var operatorApi = fixture.CreateHttpClient(TestTokens.ApproverToken);
        var before = (await operatorApi.GetFromJsonAsync<ApprovalView>($"/api/approvals/{id}", McpJsonUtilities.DefaultOptions, cancellationToken))!;
        await using var browser = await BrowserSession.StartAsync(cancellationToken);
        var page = browser.Page;

        await browser.LogInAsync(fixture.Server.BaseAddress, TestTokens.ApproverToken);
        await page.ClickAsync("nav a[data-view=approvals]");
        var card = page.Locator($"[data-approval-id='{id}']");

        // Full context, as the API has it.
        await Assertions.Expect(card.Locator(".requester")).ToHaveTextAsync(RemediationTokens.Approval);
        await Assertions.Expect(card.Locator(".justification")).ToHaveTextAsync(before.Justification);
        await Assertions.Expect(card.Locator(".blast-radius")).ToHaveTextAsync(string.Join(", ", before.BlastRadius));
        await Assertions.Expect(card.Locator(".guard-summary")).ToHaveTextAsync(before.GuardSummary);
        await Assertions.Expect(card.Locator(".approvers")).ToHaveTextAsync($"0 of {before.ApproversNeeded}");
        await Assertions.Expect(card.Locator("h3")).ToContainTextAsync("rollback");
        await Assertions.Expect(card.Locator("h3 .badge").First).ToHaveTextAsync("high");

        await card.Locator("textarea[name=comment]").FillAsync("checked the dashboards, rollback is right");
        await card.Locator("button[data-verb=approve]").ClickAsync();

        await Assertions.Expect(page.Locator("#decision-result .badge")).ToHaveTextAsync("completed");
        await Assertions.Expect(page.Locator("#decision-result .badge")).ToHaveClassAsync("badge ok");
        await Assertions.Expect(page.Locator($"[data-approval-id='{id}']")).ToHaveCountAsync(0);
        var after = (await operatorApi.GetFromJsonAsync<ApprovalView>($"/api/approvals/{id}", McpJsonUtilities.DefaultOptions, cancellationToken))!;
        Assert.Equal(ApprovalState.Completed, after.State);
        Assert.Equal([TestTokens.ApproverPrincipal], after.Approvers);
        var approved = Assert.Single(after.Events, e => e.Event == "approved");
        Assert.Equal((TestTokens.ApproverPrincipal, "checked the dashboards, rollback is right"), (approved.Principal, approved.Comment));
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task Approve_WhenTheExecutorFails_ShowsFailedInRedNotExecuted()
    {
        var cancellationToken = TestTimeouts.Token();
        fixture.Receiver.HookStatus["flaky"] = 500;
        await using var agent = await fixture.ConnectAsync(RemediationTokens.ApprovalToken, cancellationToken);
        var pending = await ExecuteAsync(agent, Request("circuit_breaker", "batch"), cancellationToken);
        await using var browser = await BrowserSession.StartAsync(cancellationToken);
        var page = browser.Page;

        await ApproveInPageAsync(browser, pending.Approval!.ApprovalId, "open the breaker");

        await Assertions.Expect(page.Locator("#decision-result .badge")).ToHaveTextAsync("failed");
        await Assertions.Expect(page.Locator("#decision-result .badge")).ToHaveClassAsync("badge bad");
        await Assertions.Expect(page.Locator("#decision-result")).ToContainTextAsync("ran once: failed");
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task PendingApproval_WithMarkupInTheJustification_IsShownAsText()
    {
        var cancellationToken = TestTimeouts.Token();
        const string hostile = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\">restart it";
        await using var agent = await fixture.ConnectAsync(RemediationTokens.ApprovalToken, cancellationToken);
        var arguments = JsonSerializer.Serialize(new { action = "rollback", targets = new[] { "web" }, justification = hostile, confidence = 0.9 });
        var pending = await ExecuteAsync(agent, arguments, cancellationToken);
        await using var browser = await BrowserSession.StartAsync(cancellationToken);
        var page = browser.Page;

        await browser.LogInAsync(fixture.Server.BaseAddress, TestTokens.ApproverToken);
        await page.ClickAsync("nav a[data-view=approvals]");
        var card = page.Locator($"[data-approval-id='{pending.Approval!.ApprovalId}']");

        await Assertions.Expect(card.Locator(".justification")).ToHaveTextAsync(hostile);
        Assert.Equal(0, await card.Locator("script, img").CountAsync());
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned ?? null"));
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task Approve_ByTheRequesterInTheBrowser_IsShownAsRefusedWithTheServersMessage()
    {
        var cancellationToken = TestTimeouts.Token();
        await using var bob = await fixture.ConnectAsync(TestTokens.ApproverToken, cancellationToken);
        var pending = await ExecuteAsync(bob, Request("rollback", "web"), cancellationToken);
        var id = pending.Approval!.ApprovalId;
        await using var browser = await BrowserSession.StartAsync(cancellationToken);
        var page = browser.Page;

        var card = await ApproveInPageAsync(browser, id, "my own request");

        await Assertions.Expect(page.Locator("#decision-result .badge")).ToHaveTextAsync("refused");
        await Assertions.Expect(page.Locator("#decision-result .data")).ToContainTextAsync("cannot approve or reject it");
        await Assertions.Expect(card).ToBeVisibleAsync();
        using var operatorApi = fixture.CreateHttpClient(TestTokens.ApproverToken);
        var after = (await operatorApi.GetFromJsonAsync<ApprovalView>($"/api/approvals/{id}", McpJsonUtilities.DefaultOptions, cancellationToken))!;
        Assert.Equal(ApprovalState.Pending, after.State);
        Assert.Empty(after.Approvers);
        Assert.Empty(browser.Errors);
    }

    /// <summary>Logs in as the approver, opens Approvals and approves <paramref name="id"/> with <paramref name="comment"/>; returns its card.</summary>
    private async Task<ILocator> ApproveInPageAsync(BrowserSession browser, string id, string comment)
    {
        await browser.LogInAsync(fixture.Server.BaseAddress, TestTokens.ApproverToken);
        await browser.Page.ClickAsync("nav a[data-view=approvals]");
        var card = browser.Page.Locator($"[data-approval-id='{id}']");
        await card.Locator("textarea[name=comment]").FillAsync(comment);
        await card.Locator("button[data-verb=approve]").ClickAsync();
        return card;
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Chaos.AspNetCore.Tests;

public sealed class ChaosMiddlewareTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LatencyFault_MatchingRequest_IsSlowedByAtLeastTheLatency()
    {
        await using var sut = await ChaosTargetService.StartAsync();
        using (var warm = await sut.Client.GetAsync("/api/orders", Ct))
        {
            warm.EnsureSuccessStatusCode();
        }

        var fault = await sut.AddFaultAsync(new FaultSpec { Type = FaultType.Latency, LatencyMs = 400, JitterMs = 100, DurationSeconds = 60 });

        var watch = Stopwatch.StartNew();
        using var response = await sut.Client.GetAsync("/api/orders", Ct);
        watch.Stop();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(fault.Id, response.Headers.GetValues("X-Chaos-Fault").Single());
        Assert.True(watch.ElapsedMilliseconds >= 400, $"the request took {watch.ElapsedMilliseconds} ms; a 400 ms latency fault was in force");
    }

    [Fact]
    public async Task ErrorFault_RateOne_EveryMatchingRequestFailsAndOthersPass()
    {
        await using var sut = await ChaosTargetService.StartAsync();
        await sut.AddFaultAsync(new FaultSpec { Type = FaultType.Error, StatusCode = 503, PathPrefix = "/api", DurationSeconds = 60 });

        for (var i = 0; i < 20; i++)
        {
            using var hit = await sut.Client.GetAsync("/api/orders", Ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, hit.StatusCode);
        }

        using var other = await sut.Client.GetAsync("/health", Ct);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task ErrorFault_RateHalf_FailsAboutHalfTheRequests()
    {
        await using var sut = await ChaosTargetService.StartAsync();
        await sut.AddFaultAsync(new FaultSpec { Type = FaultType.Error, StatusCode = 500, Rate = 0.5, DurationSeconds = 60 });

        var failed = 0;
        const int Requests = 400;
        for (var i = 0; i < Requests; i++)
        {
            using var response = await sut.Client.GetAsync("/api/orders", Ct);
            failed += response.StatusCode == HttpStatusCode.InternalServerError ? 1 : 0;
        }

        // Binomial(400, 0.5): 120..280 is more than 8 standard deviations either side.
        Assert.InRange(failed, 120, 280);
    }

    [Fact]
    public async Task AbortFault_MatchingRequest_ConnectionIsDropped()
    {
        await using var sut = await ChaosTargetService.StartAsync();
        await sut.AddFaultAsync(new FaultSpec { Type = FaultType.Abort, DurationSeconds = 60 });

        await Assert.ThrowsAsync<HttpRequestException>(() => sut.Client.GetAsync("/api/orders", Ct));
    }

    [Fact]
    public async Task CorruptFault_MatchingRequest_BodyKeepsLengthButIsNotJson()
    {
        await using var sut = await ChaosTargetService.StartAsync();
        var clean = await sut.Client.GetByteArrayAsync("/api/orders", Ct);
        await sut.AddFaultAsync(new FaultSpec { Type = FaultType.Corrupt, DurationSeconds = 60 });

        var garbled = await sut.Client.GetByteArrayAsync("/api/orders", Ct);

        Assert.Equal(clean.Length, garbled.Length);
        Assert.NotEqual(clean, garbled);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(garbled));
    }

    [Fact]
    public async Task Fault_DurationPassesWithNoController_StopsApplyingOnItsOwn()
    {
        await using var sut = await ChaosTargetService.StartAsync();
        await sut.AddFaultAsync(new FaultSpec { Type = FaultType.Error, StatusCode = 503, DurationSeconds = 1 });
        using (var during = await sut.Client.GetAsync("/api/orders", Ct))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        }

        // Nobody removes it: the service's own clock ends it.
        sut.Control.Dispose();
        var recovered = await Poll.UntilAsync(
            async ct => (await sut.Client.GetAsync("/api/orders", ct)).StatusCode,
            s => s == HttpStatusCode.OK, "the fault to expire", new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);

        Assert.Equal(HttpStatusCode.OK, recovered);
    }

    [Fact]
    public async Task Fault_ClockPassesExpiry_IsGoneFromTheList()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero));
        await using var sut = await ChaosTargetService.StartAsync(time: clock);
        var fault = await sut.AddFaultAsync(new FaultSpec { Type = FaultType.Error, DurationSeconds = 120 });
        Assert.Equal(clock.GetUtcNow().AddSeconds(120), fault.ExpiresAt);

        clock.Advance(TimeSpan.FromSeconds(119));
        Assert.Single((await sut.ListAsync()).Faults);
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Empty((await sut.ListAsync()).Faults);
        using var response = await sut.Client.GetAsync("/api/orders", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Delete_OneAndAll_RemovesFaults()
    {
        await using var sut = await ChaosTargetService.StartAsync();
        var first = await sut.AddFaultAsync(new FaultSpec { Type = FaultType.Error, DurationSeconds = 60 });
        await sut.AddFaultAsync(new FaultSpec { Type = FaultType.Latency, LatencyMs = 10, DurationSeconds = 60 });
        await sut.AddFaultAsync(new FaultSpec { Type = FaultType.Corrupt, PathPrefix = "/x", DurationSeconds = 60 });

        using (var one = await sut.Control.DeleteAsync($"/_chaos/faults/{first.Id}", Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, one.StatusCode);
        }

        using (var again = await sut.Control.DeleteAsync($"/_chaos/faults/{first.Id}", Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        }

        Assert.Equal(2, (await sut.ListAsync()).Faults.Count);
        using var all = await sut.Control.DeleteAsync("/_chaos/faults", Ct);
        Assert.Equal(2, (await all.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("removed").GetInt32());
        Assert.Empty((await sut.ListAsync()).Faults);
    }

    [Theory]
    [InlineData("""{"type":"error"}""", "duration_seconds is required")]
    [InlineData("""{"type":"error","duration_seconds":100000}""", "duration_seconds must be 1 to 3600")]
    [InlineData("""{"type":"error","rate":1.5,"duration_seconds":10}""", "rate must be")]
    [InlineData("""{"type":"latency","duration_seconds":10}""", "needs latency_ms")]
    [InlineData("""{"type":"error","status_code":200,"duration_seconds":10}""", "status_code must be 400 to 599")]
    [InlineData("""{"type":"error","path_prefix":"api","duration_seconds":10}""", "path_prefix must start with a slash")]
    [InlineData("""{"type":"explode","duration_seconds":10}""", "not a valid fault")]
    [InlineData("""{"type":"error","duration_seconds":10,"sevrity":1}""", "not a valid fault")]
    public async Task Post_InvalidFault_Returns400WithWhatToFix(string body, string expected)
    {
        await using var sut = await ChaosTargetService.StartAsync();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await sut.Control.PostAsync("/_chaos/faults", content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty((await sut.ListAsync()).Faults);
    }

    [Fact]
    public async Task Post_ChunkedBodyOverTheLimit_Returns413()
    {
        await using var sut = await ChaosTargetService.StartAsync();
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"type\":\"error\",\"path_prefix\":\"/" + new string('a', 20_000) + "\"}")));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_chaos/faults") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await sut.Control.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty((await sut.ListAsync()).Faults);
    }

    [Fact]
    public async Task Control_WrongOrMissingToken_Returns401AndAddsNothing()
    {
        await using var sut = await ChaosTargetService.StartAsync();
        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/_chaos/faults")
        {
            Content = JsonContent.Create(new FaultSpec { Type = FaultType.Error, DurationSeconds = 60 }, options: ChaosJson.Options),
        };
        wrong.Headers.Add(ChaosOptions.TokenHeader, ChaosTargetService.Token + "x");

        using var rejected = await sut.Client.SendAsync(wrong, Ct);
        using var missing = await sut.Client.GetAsync("/_chaos/faults", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Empty((await sut.ListAsync()).Faults);
    }

    [Fact]
    public async Task Control_NoTokenConfigured_EndpointsDoNotExist()
    {
        await using var sut = await ChaosTargetService.StartAsync(token: null);

        using var response = await sut.Control.GetAsync("/_chaos/faults", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Control_FaultOnEveryPath_ControlEndpointsStayReachable()
    {
        await using var sut = await ChaosTargetService.StartAsync();
        await sut.AddFaultAsync(new FaultSpec { Type = FaultType.Abort, DurationSeconds = 60 });

        using var removed = await sut.Control.DeleteAsync("/_chaos/faults", Ct);

        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        using var after = await sut.Client.GetAsync("/api/orders", Ct);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Theory]
    [InlineData("secret", "secret", true)]
    [InlineData("secret", "secreT", false)]
    [InlineData("", "secret", false)]
    [InlineData("secret-longer", "secret", false)]
    public void TokenMatches_Compares_Exactly(string presented, string configured, bool expected) =>
        Assert.Equal(expected, ChaosMiddleware.TokenMatches(presented, configured));
}

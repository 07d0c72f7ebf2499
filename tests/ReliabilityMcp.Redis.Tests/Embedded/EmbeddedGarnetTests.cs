using System.Diagnostics;
using System.Globalization;
using ReliabilityMcp.Redis.Embedded;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Redis.Tests.Embedded;

public sealed class EmbeddedGarnetTests
{
    private static EmbeddedGarnetOptions Options(string dir, int port = 0) =>
        new() { DataDirectory = dir, Port = port, MemorySize = "128m", IndexSize = "16m", StartTimeout = TimeSpan.FromSeconds(60) };

    [Fact]
    public async Task StartAsync_FreshDirectory_AnswersPingAndStopsCleanly()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = await EmbeddedGarnet.StartAsync(Options(RepositoryPaths.NewTempDirectory("embedded")), cancellationToken: ct);
        var pid = sut.ProcessId;

        Assert.True(await StoreProbe.PingAsync(sut.Host, sut.Port, sut.Password, TimeSpan.FromSeconds(5), ct));
        Assert.False(await StoreProbe.PingAsync(sut.Host, sut.Port, "wrong-password", TimeSpan.FromSeconds(5), ct));

        await sut.DisposeAsync();

        Assert.False(sut.IsRunning);
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(pid));
    }

    [Fact]
    public async Task StartAsync_PortTaken_FailsWithErrorNamingThePort()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var first = await EmbeddedGarnet.StartAsync(Options(RepositoryPaths.NewTempDirectory("embedded")), cancellationToken: ct);

        var ex = await Assert.ThrowsAnyAsync<Exception>(() =>
            EmbeddedGarnet.StartAsync(Options(RepositoryPaths.NewTempDirectory("embedded"), first.Port), cancellationToken: ct));

        Assert.Contains(first.Port.ToString(CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_Password_NeverOnTheCommandLine()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sut = await EmbeddedGarnet.StartAsync(Options(RepositoryPaths.NewTempDirectory("embedded")), cancellationToken: ct);

        var cmdline = (await File.ReadAllTextAsync($"/proc/{sut.ProcessId}/cmdline", ct)).Replace('\0', ' ');

        Assert.Contains("--lua-transaction-mode", cmdline, StringComparison.Ordinal);
        Assert.DoesNotContain(sut.Password, cmdline, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ServerSecretsInTheEnvironment_AreNotPassedToTheStore()
    {
        var ct = TestContext.Current.CancellationToken;
        const string name = "Chaos__Targets__rmcp_embedded_test__Token";
        Environment.SetEnvironmentVariable(name, "chaos-secret-must-stay-home");
        try
        {
            await using var sut = await EmbeddedGarnet.StartAsync(Options(RepositoryPaths.NewTempDirectory("embedded")), cancellationToken: ct);

            var environment = (await File.ReadAllTextAsync($"/proc/{sut.ProcessId}/environ", ct)).Split('\0');

            Assert.Contains(environment, line => line.StartsWith("PATH=", StringComparison.Ordinal));
            Assert.DoesNotContain(environment, line => line.Contains("chaos-secret-must-stay-home", StringComparison.Ordinal));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }
}

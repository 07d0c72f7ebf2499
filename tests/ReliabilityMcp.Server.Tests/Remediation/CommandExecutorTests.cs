using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ReliabilityMcp.Core.Remediation;
using ReliabilityMcp.Server.Remediation;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Remediation;

/// <summary>The command executor on real processes: timeouts kill, output is bounded, exit codes count, host secrets stay home.</summary>
public sealed class CommandExecutorTests
{
    private readonly CommandExecutor _sut = new(Options.Create(new RemediationOptions { CommandEnvironment = ["RMCP_TEST_PASSED"] }), TimeProvider.System, NullLogger<CommandExecutor>.Instance);

    private static IReadOnlyList<string> Shell(string script) => ["/bin/sh", "-c", script];

    [Fact]
    public async Task RunAsync_CommandOutlivesItsTimeout_IsKilledAndReportedWithWhatItPrinted()
    {
        var marker = $"rmcp-timeout-{Guid.NewGuid():N}";

        var report = await _sut.RunAsync(Shell($"echo started; sleep 30; echo {marker}"), "web",
            new CommandExecutorDefinition { Executable = "/bin/sh", TimeoutSeconds = 1 }, TestTimeouts.Token());

        Assert.False(report.Succeeded);
        Assert.Equal("timed out after 1 s and was killed", report.Error);
        Assert.Equal("started\n", report.Output);
        Assert.DoesNotContain(marker, report.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_OutputBeyondTheLimit_KeepsTheFirstBytesAndSaysItWasCut()
    {
        var report = await _sut.RunAsync(Shell("i=0; while [ $i -lt 2000 ]; do printf 'abcdefghij'; i=$((i+1)); done"), "web",
            new CommandExecutorDefinition { Executable = "/bin/sh", MaxOutputBytes = 100 }, TestTimeouts.Token());

        Assert.True(report.Succeeded);
        Assert.True(report.OutputTruncated);
        Assert.Equal(string.Concat(Enumerable.Repeat("abcdefghij", 10)), report.Output);
    }

    [Fact]
    public async Task RunAsync_NonZeroExit_IsAFailureWithTheExitCodeAndStderr()
    {
        var report = await _sut.RunAsync(Shell("echo 'no such deployment' >&2; exit 3"), "web",
            new CommandExecutorDefinition { Executable = "/bin/sh" }, TestTimeouts.Token());

        Assert.False(report.Succeeded);
        Assert.Equal(3, report.ExitCode);
        Assert.Equal("no such deployment\n", report.Error);
    }

    [Fact]
    public async Task RunAsync_ConfiguredExtraName_IsPassedAlongsideTheDefaults()
    {
        const string name = "RMCP_TEST_PASSED";
        Environment.SetEnvironmentVariable(name, "visible");
        try
        {
            var report = await _sut.RunAsync(Shell($"echo \"[${name}]\"; [ -n \"$PATH\" ] && echo path"), "web",
                new CommandExecutorDefinition { Executable = "/bin/sh" }, TestTimeouts.Token());

            Assert.Equal("[visible]\npath\n", report.Output);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public async Task RunAsync_HostSecretsInTheEnvironment_AreNotPassedToTheCommand()
    {
        const string name = "Executors__unit_test_hook__Secret";
        Environment.SetEnvironmentVariable(name, "whsec-must-not-leak");
        try
        {
            var report = await _sut.RunAsync(Shell($"echo \"[${name}]\""), "web",
                new CommandExecutorDefinition { Executable = "/bin/sh" }, TestTimeouts.Token());

            Assert.True(report.Succeeded);
            Assert.Equal("[]\n", report.Output);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }
}

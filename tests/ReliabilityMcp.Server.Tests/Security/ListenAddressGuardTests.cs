using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Security;

/// <summary>The real server process refuses to serve anonymously beyond loopback.</summary>
public sealed class ListenAddressGuardTests
{
    [Fact]
    public async Task Start_OnAllInterfacesWithoutTokens_ExitsWithAnExplanation()
    {
        var cancellationToken = TestTimeouts.Token();

        var result = await ExternalProcess.RunAsync(
            "dotnet",
            [ServerBinary.DllPath, "--urls", "http://0.0.0.0:0"],
            Path.GetTempPath(),
            new Dictionary<string, string>(TestStore.Environment()) { ["Logging__Console__FormatterName"] = "simple" },
            cancellationToken);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("without authentication", result.ToString(), StringComparison.Ordinal);
        Assert.Contains("Auth:Tokens", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HashToken_AsCommandLineVerb_PrintsOnlyTheHash()
    {
        var result = await ExternalProcess.RunAsync("dotnet", [ServerBinary.DllPath, "hash-token", "s3cret"], Path.GetTempPath(), null, TestTimeouts.Token());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("1ec1c26b50d5d3c58d9583181af8076655fe00756bf7285940ba3670f99fcba0", result.StandardOutput.Trim());
    }
}

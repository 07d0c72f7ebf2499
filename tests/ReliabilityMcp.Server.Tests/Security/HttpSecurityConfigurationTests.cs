using Microsoft.Extensions.Options;
using ReliabilityMcp.Core.Security;
using ReliabilityMcp.Server.Http;
using ReliabilityMcp.Server.Security;
using ReliabilityMcp.Server.Tests.Infrastructure;

namespace ReliabilityMcp.Server.Tests.Security;

public sealed class HttpSecurityConfigurationTests
{
    [Fact]
    public void HashToken_WithToken_PrintsTheSha256HexAndSucceeds()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = HashTokenCommand.TryRun(["hash-token", "s3cret"], TextReader.Null, output, error);

        Assert.Equal(0, exitCode);
        // SHA-256("s3cret"), computed independently with sha256sum.
        Assert.Equal("1ec1c26b50d5d3c58d9583181af8076655fe00756bf7285940ba3670f99fcba0", output.ToString().Trim());
    }

    [Fact]
    public void HashToken_FromStandardInput_HashesTheLine()
    {
        using var output = new StringWriter();

        var exitCode = HashTokenCommand.TryRun(["hash-token", "-"], new StringReader("s3cret\n"), output, TextWriter.Null);

        Assert.Equal(0, exitCode);
        Assert.Equal(BearerTokenHash.ComputeHex("s3cret"), output.ToString().Trim());
    }

    [Fact]
    public void HashToken_WithoutToken_PrintsUsageAndFails()
    {
        using var error = new StringWriter();

        var exitCode = HashTokenCommand.TryRun(["hash-token"], TextReader.Null, TextWriter.Null, error);

        Assert.Equal(2, exitCode);
        Assert.Contains("usage", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MalformedTokenEntries_ReportsEachProblemWithItsKey()
    {
        var sut = new AuthOptionsValidator();
        var options = new AuthOptions
        {
            Tokens =
            [
                new AuthTokenOptions { Principal = "", Sha256 = "plain-token-not-a-hash", Roles = ["superuser"] },
                new AuthTokenOptions { Principal = "anonymous", Sha256 = BearerTokenHash.ComputeHex("x"), Roles = [] },
            ],
        };

        var result = sut.Validate(null, options);

        Assert.True(result.Failed);
        var failures = string.Join("\n", result.Failures!);
        Assert.Contains("Auth:Tokens:0:Principal", failures, StringComparison.Ordinal);
        Assert.Contains("Auth:Tokens:0:Sha256", failures, StringComparison.Ordinal);
        Assert.Contains("'superuser'", failures, StringComparison.Ordinal);
        Assert.Contains("Auth:Tokens:1:Principal 'anonymous' is reserved", failures, StringComparison.Ordinal);
        Assert.Contains("Auth:Tokens:1:Roles is empty", failures, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithMalformedTokenConfiguration_ExitsNamingTheSetting()
    {
        // The real process, as an operator starts it: an in-process factory can report the host it was starting as
        // disposed instead of the startup error when startup fails (WebApplicationFactory races the failing host).
        var result = await ExternalProcess.RunAsync(
            "dotnet",
            [ServerBinary.DllPath, "--urls", "http://127.0.0.1:0"],
            Path.GetTempPath(),
            new Dictionary<string, string>(TestStore.Environment())
            {
                ["Logging__Console__FormatterName"] = "simple",
                ["Auth__Tokens__0__Principal"] = "alice",
                ["Auth__Tokens__0__Sha256"] = "the-token-itself",
                ["Auth__Tokens__0__Roles__0"] = "agent",
            },
            TestTimeouts.Token());

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Auth:Tokens:0:Sha256", result.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5180", true)]
    [InlineData("http://localhost:5180", true)]
    [InlineData("http://[::1]:5180", true)]
    [InlineData("http://0.0.0.0:5180", false)]
    [InlineData("http://[::]:5180", false)]
    [InlineData("http://*:5180", false)]
    [InlineData("http://+:5180", false)]
    [InlineData("http://10.1.2.3:5180", false)]
    public void IsLoopbackAddress_ServerAddress_RecognisesLoopbackOnly(string address, bool expected)
    {
        Assert.Equal(expected, ListenAddressGuard.IsLoopbackAddress(address));
    }

    [Theory]
    [InlineData("localhost", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.10.0.1", true)]
    [InlineData("[::1]", true)]
    [InlineData("localhost.evil.example.com", false)]
    [InlineData("127.0.0.1.nip.io", false)]
    [InlineData("mcp.example.com", false)]
    public void IsLoopbackName_Host_AcceptsOnlyLoopback(string host, bool expected)
    {
        Assert.Equal(expected, HostOriginValidator.IsLoopbackName(host));
    }

    [Fact]
    public void IsAllowedOrigin_ConfiguredOrigin_MatchesSchemeHostAndPortExactly()
    {
        var sut = new HostOriginValidator(Options.Create(new McpHttpOptions { AllowedOrigins = ["https://ops.example.com"] }));

        Assert.True(sut.IsAllowedOrigin("https://ops.example.com"));
        Assert.True(sut.IsAllowedOrigin("https://ops.example.com:443"));
        Assert.False(sut.IsAllowedOrigin("http://ops.example.com"));
        Assert.False(sut.IsAllowedOrigin("https://ops.example.com:8443"));
        Assert.False(sut.IsAllowedOrigin("https://evil.ops.example.com"));
        Assert.False(sut.IsAllowedOrigin("null"));
    }
}

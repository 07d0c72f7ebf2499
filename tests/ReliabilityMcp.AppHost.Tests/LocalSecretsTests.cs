using System.Runtime.Versioning;
using ReliabilityMcp.Redis.Embedded;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.AppHost.Tests;

[SupportedOSPlatform("linux")]
public sealed class LocalSecretsTests : IDisposable
{
    private readonly string _directory = RepositoryPaths.NewTempDirectory("secrets");

    private string SecretsPath => Path.Combine(_directory, "secrets.json");

    [Fact]
    public void LoadOrCreate_NoFile_CreatesOwnerOnlyFileWithDistinctSecrets()
    {
        var sut = LocalSecrets.LoadOrCreate(SecretsPath);

        Assert.Equal(OwnerOnlyFile.Mode, File.GetUnixFileMode(SecretsPath));
        Assert.StartsWith("rmcp_", sut.AgentToken, StringComparison.Ordinal);
        Assert.StartsWith("rmcp_", sut.OperatorToken, StringComparison.Ordinal);
        Assert.NotEqual(sut.AgentToken, sut.OperatorToken);
        Assert.Equal(48, sut.StorePassword.Length);
    }

    [Fact]
    public void LoadOrCreate_ExistingFile_ReturnsTheSameSecrets()
    {
        var first = LocalSecrets.LoadOrCreate(SecretsPath);

        var sut = LocalSecrets.LoadOrCreate(SecretsPath);

        Assert.Equal(first.StorePassword, sut.StorePassword);
        Assert.Equal(first.AgentToken, sut.AgentToken);
        Assert.Equal(first.OperatorToken, sut.OperatorToken);
    }

    [Fact]
    public void LoadOrCreate_FileMissesAToken_AddsItAndKeepsTheRest()
    {
        File.WriteAllText(SecretsPath, """{ "storePassword": "kept", "agentToken": "rmcp_kept" }""");

        var sut = LocalSecrets.LoadOrCreate(SecretsPath);

        Assert.Equal("kept", sut.StorePassword);
        Assert.Equal("rmcp_kept", sut.AgentToken);
        Assert.StartsWith("rmcp_", sut.OperatorToken, StringComparison.Ordinal);
        Assert.Equal(OwnerOnlyFile.Mode, File.GetUnixFileMode(SecretsPath));
    }

    [Fact]
    public void Hash_KnownInput_IsLowercaseHexSha256()
    {
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", LocalSecrets.Hash("abc"));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

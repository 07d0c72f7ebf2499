using ReliabilityMcp.Testing;

namespace ReliabilityMcp.AppHost.Tests;

/// <summary>One start of the real application model shared by the tests of a class (they are heavy: one start per class).</summary>
/// <param name="demo">Whether the demo estate runs.</param>
/// <param name="dashboard">Whether Aspire's dashboard runs.</param>
/// <param name="arguments">More command-line arguments for the AppHost.</param>
public abstract class AppHostFixture(bool demo, bool dashboard, params string[] arguments) : IAsyncLifetime
{
    private readonly string _data = RepositoryPaths.NewTempDirectory("apphost");

    internal LocalAppHost Sut { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Sut = await LocalAppHost.StartAsync(_data, demo, dashboard, cancellationToken: TestContext.Current.CancellationToken, arguments: arguments);

    public async ValueTask DisposeAsync()
    {
        await Sut.DisposeAsync();
        Directory.Delete(_data, recursive: true);
        GC.SuppressFinalize(this);
    }
}

using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ReliabilityMcp.Chaos.AspNetCore;

namespace ReliabilityMcp.Benchmarks.Chaos;

/// <summary>
/// What the chaos middleware costs a service per request when nothing is being injected into that request: no
/// fault at all (the steady state of every service that ships the middleware), and a fault in force on another path.
/// Compared with the same pipeline without the middleware.
/// </summary>
[MemoryDiagnoser]
public class ChaosMiddlewareBenchmarks
{
    private RequestDelegate _bare = null!;
    private RequestDelegate _idle = null!;
    private RequestDelegate _otherPath = null!;
    private HttpContext _context = null!;

    [GlobalSetup]
    public void Setup()
    {
        _bare = Build(withChaos: false, out _);
        _idle = Build(withChaos: true, out _);
        _otherPath = Build(withChaos: true, out var registry);
        if (!registry!.TryAdd(new FaultSpec { Type = FaultType.Error, PathPrefix = "/admin", DurationSeconds = 3600 }, out _, out var error))
        {
            throw new InvalidOperationException(error);
        }

        _context = new DefaultHttpContext();
        _context.Request.Path = "/api/orders";
        _context.Request.Method = "GET";
    }

    [Benchmark(Baseline = true)]
    public Task WithoutMiddleware() => _bare(_context);

    [Benchmark]
    public Task NoFaults() => _idle(_context);

    [Benchmark]
    public Task FaultOnAnotherPath() => _otherPath(_context);

    private static RequestDelegate Build(bool withChaos, out FaultRegistry? registry)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Chaos:Token"] = "bench" }).Build());
        services.AddLogging();
        services.AddReliabilityChaos();
        var provider = services.BuildServiceProvider();
        var app = new ApplicationBuilder(provider);
        if (withChaos)
        {
            app.UseReliabilityChaos();
        }

        app.Run(context => Task.CompletedTask);
        registry = provider.GetRequiredService<FaultRegistry>();
        return app.Build();
    }
}

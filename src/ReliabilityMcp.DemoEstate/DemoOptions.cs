using System.ComponentModel.DataAnnotations;

namespace ReliabilityMcp.DemoEstate;

/// <summary>Section <c>Demo</c>: which service this process is and how it behaves.</summary>
internal sealed class DemoOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Demo";

    /// <summary><c>checkout</c>, <c>payments</c> or <c>inventory</c>.</summary>
    [Required]
    public string Service { get; set; } = "";

    /// <summary>Simulated work per request, lower bound (ms).</summary>
    [Range(0, 10_000)]
    public int WorkMinMilliseconds { get; set; } = 2;

    /// <summary>Simulated work per request, upper bound (ms).</summary>
    [Range(0, 10_000)]
    public int WorkMaxMilliseconds { get; set; } = 8;

    /// <summary>How long checkout waits for a dependency before answering 504.</summary>
    [Range(1, 60_000)]
    public int DependencyTimeoutMilliseconds { get; set; } = 2_000;

    /// <summary>The parsed service, or an error naming the valid values.</summary>
    public DemoService Parse() => Service.Trim().ToLowerInvariant() switch
    {
        "checkout" => DemoService.Checkout,
        "payments" => DemoService.Payments,
        "inventory" => DemoService.Inventory,
        _ => throw new InvalidOperationException($"Demo:Service is '{Service}'; use checkout, payments or inventory."),
    };
}

namespace ReliabilityMcp.DemoEstate;

/// <summary>Which service this process plays.</summary>
internal enum DemoService
{
    /// <summary>Takes orders; calls inventory, then payments.</summary>
    Checkout,

    /// <summary>Authorises payments.</summary>
    Payments,

    /// <summary>Reserves stock.</summary>
    Inventory,
}

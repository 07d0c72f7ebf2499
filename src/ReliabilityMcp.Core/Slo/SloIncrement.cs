namespace ReliabilityMcp.Core.Slo;

/// <summary>Counts to add to one SLO's minute bucket.</summary>
/// <param name="Service">The service.</param>
/// <param name="Slo">The SLO name.</param>
/// <param name="Minute">Minute index since the Unix epoch.</param>
/// <param name="Counts">Events and good events to add.</param>
public readonly record struct SloIncrement(string Service, string Slo, long Minute, SloCounts Counts);

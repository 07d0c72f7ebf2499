namespace ReliabilityMcp.Core.Incidents;

/// <summary>The result of recording an incident.</summary>
/// <param name="Id">The incident id (the earlier one for <see cref="RecordStatus.Existing"/> and <see cref="RecordStatus.Conflict"/>).</param>
/// <param name="Status">What happened.</param>
public sealed record RecordIncidentResult(string Id, RecordStatus Status);

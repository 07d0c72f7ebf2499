using System.Text.Json;
using ReliabilityMcp.Core.Audit;

namespace ReliabilityMcp.Server.Approvals;

/// <summary><c>GET /api/executions/{id}</c>: the stored execution report and the audit entries that mention it.</summary>
/// <param name="Execution">The execution report.</param>
/// <param name="AuditEntries">Audit entries naming the execution or its approval, oldest first.</param>
public sealed record ExecutionView(JsonElement Execution, IReadOnlyList<AuditEntry> AuditEntries);

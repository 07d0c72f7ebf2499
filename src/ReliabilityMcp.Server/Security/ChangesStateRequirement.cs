using Microsoft.AspNetCore.Authorization;

namespace ReliabilityMcp.Server.Security;

/// <summary>
/// A tool that may change state: refused everywhere while <see cref="ToolAccessOptions.ReadOnly"/> is on, and left out
/// of an explore-mode principal's <c>tools/list</c> (see <see cref="ChangesStateAuthorizationHandler"/>).
/// </summary>
public sealed class ChangesStateRequirement : IAuthorizationRequirement;

using ReliabilityMcp.Server.Slo;
using ReliabilityMcp.Testing;

namespace ReliabilityMcp.Agent.Tests.EndToEnd;

/// <summary>
/// The real server on a loopback Kestrel, so the agent reaches it over real HTTP exactly as in production. Any type of
/// the server assembly names the entry point; <c>Program</c> itself would be ambiguous here, since the agent has one too.
/// </summary>
internal sealed class AgentServerFactory(IReadOnlyDictionary<string, string?> settings) : LoopbackServerFactory<SloTools>(settings);

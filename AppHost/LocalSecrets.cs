using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ReliabilityMcp.AppHost;

/// <summary>
/// The secrets of a local installation as Aspire secret parameters, generated once and kept in the AppHost's
/// user-secrets store (<c>Parameters:&lt;name&gt;</c>), so the printed tokens and Claude Desktop block stay valid across runs.
/// </summary>
internal sealed record LocalSecrets(
    IResourceBuilder<ParameterResource> StorePassword,
    IResourceBuilder<ParameterResource> AgentToken,
    IResourceBuilder<ParameterResource> OperatorToken,
    IResourceBuilder<ParameterResource> TelemetryToken,
    IResourceBuilder<ParameterResource> ChaosToken,
    IResourceBuilder<ParameterResource> ControlToken)
{
    /// <summary>Principal name of the agent token.</summary>
    public const string AgentPrincipal = "local-agent";

    /// <summary>Principal name of the operator token.</summary>
    public const string OperatorPrincipal = "local-operator";

    /// <summary>Principal name of the load generator's telemetry token.</summary>
    public const string TelemetryPrincipal = "local-telemetry";

    /// <summary>Adds the six parameters (secret, generated, persisted).</summary>
    public static LocalSecrets Add(IDistributedApplicationBuilder builder)
    {
        IResourceBuilder<ParameterResource> Secret(string name) =>
            builder.AddParameter(name, new GenerateParameterDefault { MinLength = 40, Special = false }, secret: true, persist: true);
        return new LocalSecrets(
            Secret("store-password"), Secret("agent-token"), Secret("operator-token"), Secret("telemetry-token"), Secret("chaos-token"), Secret("control-token"));
    }

    /// <summary>The form the server's <c>Auth:Tokens</c> holds: lowercase hex SHA-256 of the token's UTF-8 bytes.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The value of <paramref name="parameter"/>.</summary>
    public static async Task<string> ValueAsync(IResourceBuilder<ParameterResource> parameter, CancellationToken cancellationToken) =>
        await parameter.Resource.GetValueAsync(cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidOperationException($"The parameter {parameter.Resource.Name} has no value.");

    /// <summary>The principals the server accepts: <c>Auth__Tokens__N__*</c>, the server only ever sees each token's hash.</summary>
    public async Task AddServerTokensAsync(EnvironmentCallbackContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tokens = new (string Principal, IResourceBuilder<ParameterResource> Token, string[] Roles)[]
        {
            (AgentPrincipal, AgentToken, ["agent"]),
            (OperatorPrincipal, OperatorToken, ["approver", "admin"]),
            (TelemetryPrincipal, TelemetryToken, ["telemetry"]),
        };
        for (var index = 0; index < tokens.Length; index++)
        {
            var prefix = $"Auth__Tokens__{index.ToString(CultureInfo.InvariantCulture)}__";
            var (principal, token, roles) = tokens[index];
            context.EnvironmentVariables[prefix + "Principal"] = principal;
            context.EnvironmentVariables[prefix + "Sha256"] = Hash(await ValueAsync(token, context.CancellationToken).ConfigureAwait(false));
            for (var role = 0; role < roles.Length; role++)
            {
                context.EnvironmentVariables[$"{prefix}Roles__{role.ToString(CultureInfo.InvariantCulture)}"] = roles[role];
            }
        }
    }
}

/// <summary>Wires <see cref="LocalSecrets"/> into the server.</summary>
internal static class LocalSecretsExtensions
{
    /// <summary>
    /// Token hashes for the three principals, the chaos token (the chaos runner sends it), the control token (the process
    /// executor sends it) and the team-alerts webhook secret: the server both signs and checks those alerts, so a fresh
    /// random secret per run (the same for every replica) is all it needs.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithServerTokens(this IResourceBuilder<ProjectResource> server, LocalSecrets secrets) =>
        server.WithEnvironment(secrets.AddServerTokensAsync)
            .WithEnvironment("Chaos__Token", secrets.ChaosToken)
            .WithEnvironment("ProcessControl__Token", secrets.ControlToken)
            .WithEnvironment("Executors__team-alerts__Secret", TeamAlertsSecret);

    private static readonly string TeamAlertsSecret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}

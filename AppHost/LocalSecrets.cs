using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ReliabilityMcp.Redis.Embedded;

namespace ReliabilityMcp.AppHost;

/// <summary>
/// The secrets of a local installation, generated once and kept in <c>&lt;data&gt;/apphost/secrets.json</c>
/// (mode 0600) so that what the AppHost prints (tokens, the Claude Desktop block) stays valid across runs.
/// Delete the file to rotate them all.
/// </summary>
internal sealed class LocalSecrets
{
    /// <summary>Password of the local store.</summary>
    [JsonPropertyName("storePassword")]
    public string StorePassword { get; set; } = string.Empty;

    /// <summary>Bearer token of the <c>local-agent</c> principal (role agent).</summary>
    [JsonPropertyName("agentToken")]
    public string AgentToken { get; set; } = string.Empty;

    /// <summary>Bearer token of the <c>local-operator</c> principal (roles approver, admin).</summary>
    [JsonPropertyName("operatorToken")]
    public string OperatorToken { get; set; } = string.Empty;

    /// <summary>Bearer token of the <c>local-telemetry</c> principal (role telemetry): the load generator's SLO ingestion.</summary>
    [JsonPropertyName("telemetryToken")]
    public string TelemetryToken { get; set; } = string.Empty;

    /// <summary>Shared token of the demo estate's chaos control endpoints (the server's chaos runner sends it).</summary>
    [JsonPropertyName("chaosToken")]
    public string ChaosToken { get; set; } = string.Empty;

    /// <summary>Bearer token of the AppHost's control API (the server's <c>process</c> executor sends it).</summary>
    [JsonPropertyName("controlToken")]
    public string ControlToken { get; set; } = string.Empty;

    /// <summary>Reads the file, fills in whatever is missing, and writes it back (0600) if anything was.</summary>
    public static LocalSecrets LoadOrCreate(string path)
    {
        LocalSecrets? secrets = null;
        if (File.Exists(path))
        {
            try
            {
                secrets = JsonSerializer.Deserialize<LocalSecrets>(File.ReadAllText(path));
            }
            catch (JsonException ex)
            {
                throw new InvalidOperationException($"{path} is not valid JSON; fix it or delete it to generate new secrets.", ex);
            }
        }

        secrets ??= new LocalSecrets();
        var changed = false;
        if (string.IsNullOrEmpty(secrets.StorePassword))
        {
            secrets.StorePassword = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            changed = true;
        }

        if (string.IsNullOrEmpty(secrets.AgentToken))
        {
            secrets.AgentToken = NewToken();
            changed = true;
        }

        if (string.IsNullOrEmpty(secrets.OperatorToken))
        {
            secrets.OperatorToken = NewToken();
            changed = true;
        }

        if (string.IsNullOrEmpty(secrets.TelemetryToken))
        {
            secrets.TelemetryToken = NewToken();
            changed = true;
        }

        if (string.IsNullOrEmpty(secrets.ChaosToken))
        {
            secrets.ChaosToken = NewToken();
            changed = true;
        }

        if (string.IsNullOrEmpty(secrets.ControlToken))
        {
            secrets.ControlToken = NewToken();
            changed = true;
        }

        if (changed)
        {
            OwnerOnlyFile.WriteAllText(path, JsonSerializer.Serialize(secrets, new JsonSerializerOptions { WriteIndented = true }));
        }

        return secrets;
    }

    /// <summary>The form the server's <c>Auth:Tokens</c> holds: lowercase hex SHA-256 of the token's UTF-8 bytes.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>256 random bits; the prefix lets secret scanners and people recognise the token.</summary>
    private static string NewToken() => "rmcp_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}

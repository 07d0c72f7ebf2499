using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReliabilityMcp.Redis.Embedded;

/// <summary>
/// The port file of a shared store (<c>&lt;dataDirectory&gt;/store/garnet.json</c>, mode 0600): which process
/// serves it, on which loopback port, with which password.
/// </summary>
internal sealed record SharedGarnetState(
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("port")] int Port,
    [property: JsonPropertyName("password")] string Password)
{
    /// <summary>Reads the port file; <see langword="null"/> when it is missing or unreadable (a torn or foreign file
    /// is treated like no file: the caller starts a fresh store).</summary>
    public static SharedGarnetState? TryRead(string path)
    {
        try
        {
            var state = JsonSerializer.Deserialize<SharedGarnetState>(File.ReadAllText(path));
            return state is { Pid: > 0, Port: > 0 and <= 65535, Password.Length: > 0 } ? state : null;
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Writes the port file atomically with mode 0600 (the password is a secret).</summary>
    public void Write(string path) => OwnerOnlyFile.WriteAllText(path, JsonSerializer.Serialize(this));

    /// <summary>Leaves the password out, so the state can appear in logs and assertion messages.</summary>
    public override string ToString() => $"pid {Pid}, port {Port}";
}

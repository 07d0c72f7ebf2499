using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ReliabilityMcp.Redis.Connection;

namespace ReliabilityMcp.Redis;

/// <summary>
/// Readiness of the store: PING within <see cref="Timeout"/>. Unhealthy carries the client's own message
/// ("The store at host:port is unreachable: ...") so an operator reads the cause on <c>/health</c>.
/// </summary>
public sealed class StoreHealthCheck(IStoreConnection connection) : IHealthCheck
{
    /// <summary>How long the PING may take; state-changing tools must fail closed within 2 s (DESIGN §4), so must this.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var roundTrip = await connection.PingAsync(timeout.Token).ConfigureAwait(false);
            var data = new Dictionary<string, object>
            {
                ["endpoint"] = connection.EndPoint,
                ["protocol"] = connection.Protocol,
                ["roundTripMs"] = Math.Round(roundTrip.TotalMilliseconds, 3),
            };
            return HealthCheckResult.Healthy(
                string.Create(CultureInfo.InvariantCulture, $"The store at {connection.EndPoint} answered PING in {roundTrip.TotalMilliseconds:0.###} ms."),
                data);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy(
                $"The store at {connection.EndPoint} did not answer PING within {Timeout.TotalSeconds:0} s.");
        }
        catch (Exception ex) when (ex is StoreUnavailableException or TimeoutException or StoreCommandException)
        {
            return HealthCheckResult.Unhealthy(ex.Message, ex);
        }
    }
}

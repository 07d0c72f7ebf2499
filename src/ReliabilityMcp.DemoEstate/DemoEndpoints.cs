using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ReliabilityMcp.DemoEstate;

/// <summary>The business endpoints of each demo service. Small, but real: real work, real calls, real failures.</summary>
internal static partial class DemoEndpoints
{
    public const string InventoryClient = "inventory";
    public const string PaymentsClient = "payments";

    public static void Map(WebApplication app, DemoService service)
    {
        app.MapGet("/", () => TypedResults.Ok(new { service = service.ToString().ToLowerInvariant(), status = "serving" }));
        switch (service)
        {
            case DemoService.Payments:
                app.MapPost("/api/payments", PayAsync);
                break;
            case DemoService.Inventory:
                app.MapPost("/api/reservations", ReserveAsync);
                break;
            default:
                app.MapPost("/api/checkout", CheckoutAsync);
                break;
        }
    }

    private static async Task<Results<Ok<Receipt>, ProblemHttpResult>> PayAsync(
        PaymentRequest request, IOptions<DemoOptions> options, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.OrderId) || request.Amount <= 0)
        {
            return TypedResults.Problem("order_id and a positive amount are required", statusCode: StatusCodes.Status400BadRequest);
        }

        await WorkAsync(options.Value, cancellationToken);
        return TypedResults.Ok(new Receipt(request.OrderId, "payments", $"pay-{Guid.NewGuid():N}"[..16]));
    }

    private static async Task<Results<Ok<Receipt>, ProblemHttpResult>> ReserveAsync(
        ReservationRequest request, IOptions<DemoOptions> options, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.OrderId) || string.IsNullOrWhiteSpace(request.Sku) || request.Quantity is < 1 or > 100)
        {
            return TypedResults.Problem("order_id, sku and a quantity of 1-100 are required", statusCode: StatusCodes.Status400BadRequest);
        }

        await WorkAsync(options.Value, cancellationToken);
        return TypedResults.Ok(new Receipt(request.OrderId, "inventory", $"res-{Guid.NewGuid():N}"[..16]));
    }

    private static async Task<Results<Ok<OrderConfirmation>, ProblemHttpResult>> CheckoutAsync(
        OrderRequest order, IHttpClientFactory clients, IOptions<DemoOptions> options, ILogger<DemoService> logger, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(order.OrderId) || string.IsNullOrWhiteSpace(order.Sku) || order.Quantity is < 1 or > 100 || order.Amount <= 0)
        {
            return TypedResults.Problem("order_id, sku, a quantity of 1-100 and a positive amount are required", statusCode: StatusCodes.Status400BadRequest);
        }

        await WorkAsync(options.Value, cancellationToken);
        var reservation = await CallAsync(clients, InventoryClient, "api/reservations", new ReservationRequest(order.OrderId, order.Sku, order.Quantity), options.Value, logger, cancellationToken);
        if (reservation.Problem is { } reserveProblem)
        {
            return reserveProblem;
        }

        var payment = await CallAsync(clients, PaymentsClient, "api/payments", new PaymentRequest(order.OrderId, order.Amount), options.Value, logger, cancellationToken);
        return payment.Problem is { } payProblem
            ? payProblem
            : TypedResults.Ok(new OrderConfirmation(order.OrderId, reservation.Receipt!.Reference, payment.Receipt!.Reference));
    }

    private static async Task<(Receipt? Receipt, ProblemHttpResult? Problem)> CallAsync<T>(
        IHttpClientFactory clients, string dependency, string path, T body, DemoOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.DependencyTimeoutMilliseconds);
        try
        {
            using var response = await clients.CreateClient(dependency).PostAsJsonAsync(path, body, timeout.Token);
            if (response.IsSuccessStatusCode && await response.Content.ReadFromJsonAsync<Receipt>(timeout.Token) is { } receipt)
            {
                return (receipt, null);
            }

            LogDependencyFailed(logger, dependency, $"{(int)response.StatusCode}");
            return (null, TypedResults.Problem($"{dependency} answered {(int)response.StatusCode}", statusCode: StatusCodes.Status502BadGateway));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogDependencyFailed(logger, dependency, "timeout");
            return (null, TypedResults.Problem($"{dependency} did not answer within {options.DependencyTimeoutMilliseconds} ms", statusCode: StatusCodes.Status504GatewayTimeout));
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException or IOException)
        {
            LogDependencyFailed(logger, dependency, ex.Message);
            return (null, TypedResults.Problem($"{dependency} failed: {ex.Message}", statusCode: StatusCodes.Status502BadGateway));
        }
    }

    private static Task WorkAsync(DemoOptions options, CancellationToken cancellationToken)
    {
        var max = Math.Max(options.WorkMinMilliseconds, options.WorkMaxMilliseconds);
        var ms = Random.Shared.Next(options.WorkMinMilliseconds, max + 1);
        return ms == 0 ? Task.CompletedTask : Task.Delay(ms, cancellationToken);
    }

    [LoggerMessage(EventId = 7001, EventName = "DependencyFailed", Level = LogLevel.Warning, Message = "call to {Dependency} failed: {Reason}")]
    private static partial void LogDependencyFailed(ILogger logger, string dependency, string reason);
}

using System.Text.Json.Serialization;

namespace ReliabilityMcp.DemoEstate;

/// <summary>An order placed at checkout.</summary>
internal sealed record OrderRequest(
    [property: JsonPropertyName("order_id")] string OrderId,
    [property: JsonPropertyName("sku")] string Sku,
    [property: JsonPropertyName("quantity")] int Quantity,
    [property: JsonPropertyName("amount")] decimal Amount);

/// <summary>A stock reservation.</summary>
internal sealed record ReservationRequest(
    [property: JsonPropertyName("order_id")] string OrderId,
    [property: JsonPropertyName("sku")] string Sku,
    [property: JsonPropertyName("quantity")] int Quantity);

/// <summary>A payment authorisation.</summary>
internal sealed record PaymentRequest(
    [property: JsonPropertyName("order_id")] string OrderId,
    [property: JsonPropertyName("amount")] decimal Amount);

/// <summary>What a service answers on success.</summary>
internal sealed record Receipt(
    [property: JsonPropertyName("order_id")] string OrderId,
    [property: JsonPropertyName("service")] string Service,
    [property: JsonPropertyName("reference")] string Reference);

/// <summary>Checkout's answer: the order with its reservation and payment references.</summary>
internal sealed record OrderConfirmation(
    [property: JsonPropertyName("order_id")] string OrderId,
    [property: JsonPropertyName("reservation")] string Reservation,
    [property: JsonPropertyName("payment")] string Payment);

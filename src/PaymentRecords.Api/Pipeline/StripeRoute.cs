using System.Text.Json.Nodes;
using PaymentRecords.Api.Wire.Spec;

namespace PaymentRecords.Api.Pipeline;

/// <summary>A handler returns the rendered (and expanded) response object; errors are thrown as StripeException.</summary>
public delegate Task<JsonObject> StripeHandler(RequestScope scope);

/// <summary>One Stripe operation as routed here: its spec, the object type it answers with, and its handler.</summary>
public sealed record StripeRoute(
    string Method,
    string Pattern,
    OperationSpec Operation,
    string ResponseObjectType,
    StripeHandler Handler,
    bool IsList = false,
    bool SingleTrip = false)
{
    /// <summary>
    /// The handler takes no row lock and flushes nothing (it reads at most, then adds new rows): the pipeline may run
    /// it before the transaction and save its rows, the Idempotency-Key claim and the commit in one round trip
    /// (<see cref="Persistence.SingleTrip.SingleTripSave"/>). Anything else it turns out to need runs the classic way.
    /// </summary>
    public bool CanRunBeforeTransaction => SingleTrip && IsWrite;

    /// <summary>A search (<c>GET …/search</c>): a list whose envelope is a <c>search_result</c>.</summary>
    public bool IsSearch => IsList && Pattern.EndsWith("/search", StringComparison.Ordinal);

    /// <summary>Writes happen in a transaction and honour Idempotency-Key.</summary>
    public bool IsWrite => Method is "POST" or "DELETE";
}

public static class StripeRouteExtensions
{
    /// <summary>Maps a Stripe operation; the pipeline does decoding, idempotency, transaction and errors.</summary>
    public static RouteHandlerBuilder MapStripe(this IEndpointRouteBuilder app, string method, string pattern,
        OperationSpec operation, string responseObjectType, StripeHandler handler, bool isList = false, bool singleTrip = false)
    {
        var route = new StripeRoute(method, pattern, operation, responseObjectType, handler, isList, singleTrip);
        return app.MapMethods(pattern, [method], (HttpContext http, StripePipeline pipeline) => pipeline.ExecuteAsync(http, route))
            .WithMetadata(route)
            .WithName($"{method} {pattern}");
    }
}

using System.Text.Json.Nodes;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;

namespace PaymentRecords.Api.Webhooks;

/// <summary>
/// What Stripe users see in the Dashboard's event page, outside <c>/v1</c> (it is not Stripe's API), authenticated by
/// the same API key as the account's requests:
/// <list type="bullet">
/// <item><c>GET /dashboard/events/{event}/webhook_attempts</c>: the event's deliveries (endpoint, state, attempts, next
/// attempt) and every attempt (endpoint, time, status code, error, response excerpt, next retry).</item>
/// <item><c>POST /dashboard/events/{event}/webhook_attempts</c> with <c>endpoint=we_…</c>: resends the event to that
/// endpoint now and answers the attempt.</item>
/// </list>
/// </summary>
public static class WebhookAttemptsRoutes
{
    public const string Pattern = "/dashboard/events/{event}/webhook_attempts";

    public static IEndpointRouteBuilder MapWebhookAttempts(this IEndpointRouteBuilder app)
    {
        app.MapGet(Pattern, (HttpContext http, string @event, WebhookDeliveryService service) =>
            Authenticated(http, account => service.HistoryAsync(account, @event, http.RequestAborted))).ExcludeFromDescription();
        app.MapPost(Pattern, async (HttpContext http, string @event, WebhookDeliveryService service) =>
        {
            var endpoint = http.Request.Query["endpoint"].ToString();
            if (endpoint.Length == 0 && http.Request.HasFormContentType)
                endpoint = (await http.Request.ReadFormAsync(http.RequestAborted))["endpoint"].ToString();
            if (endpoint.Length == 0) await StripeResponses.WriteErrorAsync(http, ErrorCatalog.MissingParameter("endpoint"));
            else await Authenticated(http, account => service.ResendAsync(account, @event, endpoint, http.RequestAborted));
        }).ExcludeFromDescription();
        return app;
    }

    private static async Task Authenticated(HttpContext http, Func<string, Task<JsonObject>> handler)
    {
        var (accountId, error) = ApiKeys.Authenticate(http.Request.Headers.Authorization);
        if (error is not null)
        {
            await StripeResponses.WriteErrorAsync(http, error);
            return;
        }
        try
        {
            await StripeResponses.WriteJsonAsync(http, 200, await handler(accountId!));
        }
        catch (StripeException e)
        {
            await StripeResponses.WriteErrorAsync(http, e.Error);
        }
    }
}

/// <summary>
/// Delivery history and resend, as a service: the attempts route uses it, and so can a dashboard.
/// </summary>
public sealed class WebhookDeliveryService(WebhookStore store, WebhookDispatcher dispatcher)
{
    public async Task<JsonObject> HistoryAsync(string accountId, string eventId, CancellationToken ct)
    {
        var history = await store.HistoryAsync(accountId, eventId, ct)
            ?? throw new StripeException(ErrorCatalog.NoSuch("event", eventId, "event"));
        return new JsonObject
        {
            ["object"] = "webhook_delivery_history",
            ["event"] = eventId,
            ["deliveries"] = history.Deliveries,
            ["attempts"] = history.Attempts,
        };
    }

    /// <summary>One attempt now, whatever the delivery's state; a success settles a pending delivery.</summary>
    public async Task<JsonObject> ResendAsync(string accountId, string eventId, string endpointId, CancellationToken ct)
    {
        var delivery = await store.LoadAsync(accountId, eventId, endpointId, ct)
            ?? throw new StripeException(ErrorCatalog.NoSuch("event or webhook_endpoint", $"{eventId} → {endpointId}", "endpoint"));
        var outcome = await dispatcher.SendAsync(delivery, ct);
        await store.RecordAsync(delivery, outcome, retryIn: null, resend: true, ct);
        return new JsonObject
        {
            ["object"] = "webhook_attempt",
            ["event"] = eventId,
            ["endpoint"] = endpointId,
            ["succeeded"] = outcome.Success,
            ["status_code"] = outcome.StatusCode,
            ["error"] = outcome.Error,
            ["response_excerpt"] = outcome.ResponseExcerpt,
            ["duration_ms"] = outcome.DurationMs,
        };
    }
}

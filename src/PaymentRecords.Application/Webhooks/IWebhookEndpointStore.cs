using PaymentRecords.Domain.Webhooks;

namespace PaymentRecords.Application.Webhooks;

/// <summary>
/// Webhook endpoint data access (PaymentRecords.Persistence implements it), one account. Endpoints are settings, not
/// billing: Stripe sends no event about them, so their endpoint class writes them through this store directly.
/// </summary>
public interface IWebhookEndpointStore
{
    /// <summary>A live endpoint, untracked, or null.</summary>
    Task<WebhookEndpoint?> FindAsync(string endpointId);

    /// <summary>SELECT … FOR UPDATE on a live endpoint, tracked; null if none.</summary>
    Task<WebhookEndpoint?> LockAsync(string endpointId);

    /// <summary>Live endpoints, for a list.</summary>
    IQueryable<WebhookEndpoint> Live();

    /// <summary>The newest event's <c>seq</c> now: a new endpoint is never sent the events written before it.</summary>
    Task<long> LastEventSeqAsync();

    void Add(WebhookEndpoint endpoint);

    /// <summary>A deleted endpoint is owed nothing: its undelivered deliveries go, and their events count one pending webhook less.</summary>
    Task DropUndeliveredAsync(string endpointId);

    /// <summary>
    /// A disabled endpoint enabled again: "If your endpoint has been disabled or deleted when Stripe attempts a retry,
    /// future retries of that event are prevented" — deliveries whose attempt came due while it was disabled end
    /// (<c>failed</c>, still undelivered); those not yet due go on ("if you disable and then re-enable a webhook
    /// endpoint before Stripe can retry, you can still expect to see future retry attempts").
    /// </summary>
    Task EndRetriesDueWhileDisabledAsync(string endpointId);
}

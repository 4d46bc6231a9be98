using Microsoft.EntityFrameworkCore;
using PaymentRecords.Application.Webhooks;
using PaymentRecords.Domain.Webhooks;

namespace PaymentRecords.Persistence.Stores;

/// <summary><see cref="IWebhookEndpointStore"/> over one DbContext, for one account.</summary>
public sealed class EfWebhookEndpointStore(PaymentRecordsDbContext db, string accountId) : IWebhookEndpointStore
{
    public IQueryable<WebhookEndpoint> Live() => db.Set<WebhookEndpoint>().AsNoTracking().Where(w => w.AccountId == accountId && !w.Deleted);

    public Task<WebhookEndpoint?> FindAsync(string endpointId) => Live().FirstOrDefaultAsync(w => w.Id == endpointId);

    public async Task<WebhookEndpoint?> LockAsync(string endpointId) =>
        await db.LockOneAsync<WebhookEndpoint>(accountId, endpointId) is { Deleted: false } endpoint ? endpoint : null;

    public Task<long> LastEventSeqAsync() =>
        db.Database.SqlQuery<long>($"SELECT coalesce(pg_sequence_last_value(pg_get_serial_sequence('events', 'seq')), 0) AS \"Value\"")
            .SingleAsync();

    public void Add(WebhookEndpoint endpoint) => db.Set<WebhookEndpoint>().Add(endpoint);

    public Task DropUndeliveredAsync(string endpointId) =>
        db.Database.ExecuteSqlAsync($"""
            WITH gone AS (
                DELETE FROM webhook_deliveries
                WHERE account_id = {accountId} AND endpoint_id = {endpointId} AND state <> 'succeeded'
                RETURNING event_id, delivered_at)
            UPDATE events e SET pending_webhooks = greatest(e.pending_webhooks - 1, 0)
            -- A delivery a resend already delivered (still on its schedule) was counted then.
            FROM gone WHERE e.account_id = {accountId} AND e.id = gone.event_id AND gone.delivered_at IS NULL
            """);

    public Task EndRetriesDueWhileDisabledAsync(string endpointId) =>
        db.Database.ExecuteSqlAsync($"""
            UPDATE webhook_deliveries SET state = 'failed', next_attempt_at = NULL
            WHERE account_id = {accountId} AND endpoint_id = {endpointId} AND state = 'pending' AND next_attempt_at <= now()
            """);
}

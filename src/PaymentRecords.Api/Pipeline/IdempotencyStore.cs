using Microsoft.EntityFrameworkCore;
using PaymentRecords.Persistence;
using PaymentRecords.Persistence.Idempotency;

namespace PaymentRecords.Api.Pipeline;

/// <summary>
/// Idempotency-Key handling in Postgres. A transaction-scoped advisory lock on (account, key) marks a request as
/// running: a second request with the key while the first runs gets 409 at once instead of waiting. Responses are
/// kept 24 hours.
/// </summary>
public sealed class IdempotencyStore(PaymentRecordsDbContext db)
{
    public const int MaxKeyLength = 255;
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public sealed record Claim(bool InUse, IdempotencyRecord? Stored);

    private sealed record LockAndRow(bool Locked, string? Endpoint, string? RequestHash, int? StatusCode,
        string? ResponseBody, string? RequestId, DateTimeOffset? CreatedAt);

    /// <summary>One round trip: take the lock and read any stored response (expired ones are dropped).</summary>
    public async Task<Claim> ClaimAsync(string accountId, string key)
    {
        var row = (await db.Database.SqlQuery<LockAndRow>($"""
            SELECT pg_try_advisory_xact_lock(hashtextextended({accountId} || ':' || {key}, 0)) AS locked,
                   i.endpoint, i.request_hash, i.status_code, i.response_body, i.request_id, i.created_at
            FROM (SELECT 1) AS one
            LEFT JOIN idempotency_keys i ON i.account_id = {accountId} AND i.key = {key}
            """).ToListAsync())[0];
        if (!row.Locked) return new Claim(true, null);
        if (row.Endpoint is null) return new Claim(false, null);
        if (row.CreatedAt < DateTimeOffset.UtcNow - Lifetime)
        {
            await db.IdempotencyRecords.Where(i => i.AccountId == accountId && i.Key == key).ExecuteDeleteAsync();
            return new Claim(false, null);
        }
        return new Claim(false, new IdempotencyRecord
        {
            AccountId = accountId,
            Key = key,
            Endpoint = row.Endpoint,
            RequestHash = row.RequestHash!,
            StatusCode = row.StatusCode!.Value,
            ResponseBody = row.ResponseBody!,
            RequestId = row.RequestId!,
            CreatedAt = row.CreatedAt!.Value,
        });
    }

    /// <summary>Queued with the handler's changes, so it commits (or not) with them.</summary>
    public void AddSuccess(string accountId, string key, string endpoint, string hash, int status, string body, string requestId) =>
        db.IdempotencyRecords.Add(New(accountId, key, endpoint, hash, status, body, requestId));

    /// <summary>A business error is stored in its own transaction, after the request's was rolled back.</summary>
    public async Task StoreErrorAsync(string accountId, string key, string endpoint, string hash, int status, string body, string requestId)
    {
        var record = New(accountId, key, endpoint, hash, status, body, requestId);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO idempotency_keys (account_id, key, endpoint, request_hash, status_code, response_body, request_id, created_at)
            VALUES ({record.AccountId}, {record.Key}, {record.Endpoint}, {record.RequestHash}, {record.StatusCode},
                    {record.ResponseBody}, {record.RequestId}, {record.CreatedAt})
            ON CONFLICT DO NOTHING
            """);
    }

    /// <summary>Deletes responses older than the lifetime; run periodically.</summary>
    public Task<int> PurgeExpiredAsync()
    {
        var cutoff = DateTimeOffset.UtcNow - Lifetime;
        return db.IdempotencyRecords.Where(i => i.CreatedAt < cutoff).ExecuteDeleteAsync();
    }

    public static IdempotencyRecord New(string accountId, string key, string endpoint, string hash, int status, string body, string requestId) => new()
    {
        AccountId = accountId,
        Key = key,
        Endpoint = endpoint,
        RequestHash = hash,
        StatusCode = status,
        ResponseBody = body,
        RequestId = requestId,
        CreatedAt = DateTimeOffset.UtcNow,
    };
}

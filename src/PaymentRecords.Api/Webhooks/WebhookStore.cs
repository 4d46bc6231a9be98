using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;

namespace PaymentRecords.Api.Webhooks;

/// <summary>A claimed delivery: the event as stored and the endpoint it goes to.</summary>
public sealed record ClaimedDelivery(
    string AccountId, string EventId, string EndpointId, int Attempt,
    long Created, string Type, JsonObject Data, string? RequestId, string? IdempotencyKey, int PendingWebhooks,
    string Url, string Secret, string? ApiVersion);

/// <summary>An attempt to record: the delivery, what happened, when to retry (null: no more), whether it was a resend.</summary>
public sealed record AttemptRecord(ClaimedDelivery Delivery, AttemptOutcome Outcome, TimeSpan? RetryIn, bool Resend);

/// <summary>One look at the outbox: how many events it fanned out, what it claimed, when the next pending delivery is due.</summary>
public sealed record DispatchCycle(int FannedOut, List<ClaimedDelivery> Claimed, DateTimeOffset? NextDue);

/// <summary>The outcome of one HTTP attempt.</summary>
public sealed record AttemptOutcome(bool Success, int? StatusCode, string? Error, string? ResponseExcerpt, int DurationMs);

/// <summary>
/// The dispatcher's SQL, on its own connections (not the request DbContext, so request round-trip counts are
/// untouched). All coordination between instances is here: fan-out and claims use <c>FOR UPDATE SKIP LOCKED</c>, and a
/// claim leases its delivery by moving <c>next_attempt_at</c> past the attempt's timeout.
/// </summary>
public sealed class WebhookStore(NpgsqlDataSource db)
{
    public const string Channel = "pr_webhooks";

    public NpgsqlDataSource DataSource => db;

    /// <summary>
    /// Turns up to $1 committed events from the outbox (<c>webhook_outbox</c>, filled by a trigger on <c>events</c> in
    /// the writing transaction) into one delivery per matching enabled endpoint of the account (created before the
    /// event), sets those events' <c>pending_webhooks</c>, and deletes what it took; returns how many it took. Events
    /// with no delivery are not written again: they were inserted with <c>pending_webhooks</c> 0.
    /// </summary>
    internal const string FanOutSql = """
            WITH batch AS (
                -- "= ANY (ARRAY(…))", not a join with the taken rows: the statement is prepared, and the generic plan of
                -- the join scanned the whole outbox once per batch (a backlog of n events drained in n² time).
                DELETE FROM webhook_outbox
                WHERE seq = ANY (ARRAY(SELECT seq FROM webhook_outbox ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED))
                RETURNING account_id, event_id AS id, seq
            ), targets AS (
                SELECT b.account_id, b.id AS event_id, w.id AS endpoint_id
                FROM batch b JOIN webhook_endpoints w ON w.account_id = b.account_id
                JOIN events e ON e.account_id = b.account_id AND e.id = b.id
                WHERE NOT w.deleted AND NOT w.disabled AND b.seq > w.events_after_seq
                  AND (e.type = ANY (w.enabled_events) OR '*' = ANY (w.enabled_events))
                -- Waits for an endpoint being deleted or updated and sees it as committed: a delete that commits after
                -- this read would otherwise miss the delivery made here and leave pending_webhooks counting it forever.
                FOR SHARE OF w
            ), inserted AS (
                INSERT INTO webhook_deliveries (account_id, event_id, endpoint_id, state, attempts, created_at, next_attempt_at)
                SELECT account_id, event_id, endpoint_id, 'pending', 0, now(), now() FROM targets
                ON CONFLICT DO NOTHING
            ), counted AS (
                UPDATE events e SET pending_webhooks = c.n
                FROM (SELECT account_id, event_id, count(*)::int AS n FROM targets GROUP BY account_id, event_id) c
                WHERE e.account_id = c.account_id AND e.id = c.event_id
            )
            SELECT count(*)::int FROM batch
            """;

    /// <summary>Claims up to $1 due deliveries to enabled endpoints, leasing each for $2.</summary>
    private const string ClaimSql = """
            WITH due AS (
                SELECT d.account_id, d.event_id, d.endpoint_id FROM webhook_deliveries d
                JOIN webhook_endpoints w ON w.account_id = d.account_id AND w.id = d.endpoint_id
                WHERE d.state = 'pending' AND d.next_attempt_at <= now() AND NOT w.deleted AND NOT w.disabled
                ORDER BY d.next_attempt_at LIMIT $1
                FOR UPDATE OF d SKIP LOCKED
            )
            UPDATE webhook_deliveries d SET next_attempt_at = now() + $2, attempts = d.attempts + 1
            FROM due, events e, webhook_endpoints w
            WHERE d.account_id = due.account_id AND d.event_id = due.event_id AND d.endpoint_id = due.endpoint_id
              AND e.account_id = d.account_id AND e.id = d.event_id AND w.account_id = d.account_id AND w.id = d.endpoint_id
            RETURNING d.account_id, d.event_id, d.endpoint_id, d.attempts, e.created, e.type, e.data::text, e.request_id,
                      e.idempotency_key, e.pending_webhooks, w.url, w.secret, w.api_version
            """;

    private static ClaimedDelivery Read(NpgsqlDataReader r, int o) => new(
        r.GetString(o), r.GetString(o + 1), r.GetString(o + 2), r.GetInt32(o + 3), r.GetInt64(o + 4), r.GetString(o + 5),
        JsonNode.Parse(r.GetString(o + 6))!.AsObject(), r.IsDBNull(o + 7) ? null : r.GetString(o + 7),
        r.IsDBNull(o + 8) ? null : r.GetString(o + 8), r.GetInt32(o + 9), r.GetString(o + 10), r.GetString(o + 11),
        r.IsDBNull(o + 12) ? null : r.GetString(o + 12));

    /// <summary>The event and endpoint of one (event, endpoint) pair, for a resend; null when either is missing.</summary>
    public async Task<ClaimedDelivery?> LoadAsync(string accountId, string eventId, string endpointId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT e.account_id, e.id, w.id, coalesce(d.attempts, 0) + 1, e.created, e.type, e.data::text, e.request_id,
                   e.idempotency_key, e.pending_webhooks, w.url, w.secret, w.api_version
            FROM events e JOIN webhook_endpoints w ON w.account_id = e.account_id AND w.id = $3 AND NOT w.deleted
            LEFT JOIN webhook_deliveries d ON d.account_id = e.account_id AND d.event_id = e.id AND d.endpoint_id = w.id
            WHERE e.account_id = $1 AND e.id = $2
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = accountId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = eventId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = endpointId });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader, 0) : null;
    }

    /// <summary>
    /// Records an attempt. Success marks the delivery succeeded and counts the event's <c>pending_webhooks</c> down (once;
    /// a resend's success counts it but leaves a pending delivery's automatic retries running, as Stripe does);
    /// a scheduled failure (<paramref name="retryIn"/> set) makes it due again then, an unscheduled one marks it failed —
    /// unless <paramref name="resend"/>, which never changes the schedule of a failure. A failure only reschedules the
    /// attempt that holds the lease: one that outlived its lease (another instance has claimed the delivery since, so
    /// <c>attempts</c> moved on) would otherwise cut that instance's lease short and let a third send it concurrently.
    /// </summary>
    public async Task RecordAsync(ClaimedDelivery d, AttemptOutcome outcome, TimeSpan? retryIn, bool resend, CancellationToken ct) =>
        await RecordManyAsync([new AttemptRecord(d, outcome, retryIn, resend)], ct);

    /// <summary>Records several attempts in one round trip and one commit (the statements of one batch share its transaction).</summary>
    public async Task RecordManyAsync(IReadOnlyList<AttemptRecord> records, CancellationToken ct)
    {
        await using var batch = db.CreateBatch();
        foreach (var r in records) AddRecord(batch, r.Delivery, r.Outcome, r.RetryIn, r.Resend);
        await batch.ExecuteNonQueryAsync(ct);
    }

    private static void AddRecord(NpgsqlBatch batch, ClaimedDelivery d, AttemptOutcome outcome, TimeSpan? retryIn, bool resend)
    {
        if (outcome.Success)
        {
            // Locked first, in its own statement: the next statement's snapshot then shows delivered_at as it is now, so
            // a resend and an automatic success racing each other count the delivery once between them.
            batch.BatchCommands.Add(Command("""
                SELECT 1 FROM webhook_deliveries WHERE account_id = $1 AND event_id = $2 AND endpoint_id = $3 FOR UPDATE
                """, d.AccountId, d.EventId, d.EndpointId));
            // An automatic success settles the delivery. A resend's success leaves a pending delivery on its schedule:
            // "The automatic retries still continue, even if you manually retry transmitting individual webhook events
            // to a given endpoint and the attempt is successful"; a failed one (no retries left) is settled. Either way
            // the delivery counts as delivered (pending_webhooks) once: delivered_at is set by the first success only.
            batch.BatchCommands.Add(Command("""
                WITH prev AS (
                    SELECT delivered_at FROM webhook_deliveries WHERE account_id = $1 AND event_id = $2 AND endpoint_id = $3),
                done AS (
                    UPDATE webhook_deliveries
                    SET delivered_at = coalesce(delivered_at, now()),
                        state = CASE WHEN $4::boolean AND state = 'pending' THEN state ELSE 'succeeded' END,
                        next_attempt_at = CASE WHEN $4::boolean AND state = 'pending' THEN next_attempt_at END
                    WHERE account_id = $1 AND event_id = $2 AND endpoint_id = $3 AND state <> 'succeeded'
                    RETURNING event_id)
                -- The event by its key, not "id IN (done)": on a young account the planner would scan all its events.
                UPDATE events SET pending_webhooks = greatest(pending_webhooks - 1, 0)
                WHERE account_id = $1 AND id = $2 AND EXISTS (SELECT 1 FROM done) AND (SELECT delivered_at FROM prev) IS NULL
                """, d.AccountId, d.EventId, d.EndpointId, resend));
        }
        else if (!resend)
        {
            batch.BatchCommands.Add(Command("""
                UPDATE webhook_deliveries
                SET state = CASE WHEN $4::interval IS NULL THEN 'failed' ELSE 'pending' END, next_attempt_at = now() + $4::interval
                WHERE account_id = $1 AND event_id = $2 AND endpoint_id = $3 AND state = 'pending' AND attempts = $5
                """, d.AccountId, d.EventId, d.EndpointId, Interval(retryIn), d.Attempt));
        }
        batch.BatchCommands.Add(Command("""
            INSERT INTO webhook_attempts (account_id, event_id, endpoint_id, attempted_at, duration_ms, status_code, error,
                                          response_excerpt, next_retry_at, resend)
            VALUES ($1, $2, $3, now(), $4, $5, $6, $7, CASE WHEN $8::interval IS NULL THEN NULL ELSE now() + $8::interval END, $9)
            """, d.AccountId, d.EventId, d.EndpointId, outcome.DurationMs, (object?)outcome.StatusCode ?? DBNull.Value,
            (object?)outcome.Error ?? DBNull.Value, (object?)outcome.ResponseExcerpt ?? DBNull.Value,
            Interval(outcome.Success || resend ? null : retryIn), resend));
    }

    /// <summary>The accounts that have an enabled endpoint (see <see cref="EndpointAccounts"/>).</summary>
    public async Task<IReadOnlySet<string>> AccountsWithEnabledEndpointsAsync(CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT DISTINCT account_id FROM webhook_endpoints WHERE NOT deleted AND NOT disabled");
        var accounts = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) accounts.Add(reader.GetString(0));
        return accounts;
    }

    /// <summary>Wakes the other instances' dispatchers (<paramref name="payload"/> says who sends and why).</summary>
    public async Task NotifyAsync(string payload, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT pg_notify($1, $2)");
        cmd.Parameters.Add(new NpgsqlParameter { Value = Channel });
        cmd.Parameters.Add(new NpgsqlParameter { Value = payload });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>When the next pending delivery (to an enabled endpoint) is due; null when none is.</summary>
    private const string NextDueSql = """
            SELECT min(d.next_attempt_at) FROM webhook_deliveries d
            JOIN webhook_endpoints w ON w.account_id = d.account_id AND w.id = d.endpoint_id
            WHERE d.state = 'pending' AND NOT w.deleted AND NOT w.disabled
            """;

    /// <summary>
    /// Fan-out, claim (when <paramref name="claimLimit"/> &gt; 0) and the next due time in one round trip: the
    /// statements of one batch run in one implicit transaction, so the claim sees the deliveries the fan-out made and
    /// everything commits once.
    /// </summary>
    public async Task<DispatchCycle> CycleAsync(int fanOutBatch, int claimLimit, TimeSpan lease, CancellationToken ct)
    {
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(Command(FanOutSql, fanOutBatch));
        if (claimLimit > 0)
        {
            var claim = new NpgsqlBatchCommand(ClaimSql);
            claim.Parameters.Add(new NpgsqlParameter { Value = claimLimit });
            claim.Parameters.Add(new NpgsqlParameter { Value = lease, NpgsqlDbType = NpgsqlDbType.Interval });
            batch.BatchCommands.Add(claim);
        }
        batch.BatchCommands.Add(new NpgsqlBatchCommand(NextDueSql));
        var claimed = new List<ClaimedDelivery>();
        DateTimeOffset? nextDue = null;
        int fannedOut;
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            fannedOut = reader.GetInt32(0);
            await reader.NextResultAsync(ct);
            if (claimLimit > 0)
            {
                while (await reader.ReadAsync(ct)) claimed.Add(Read(reader, 0));
                await reader.NextResultAsync(ct);
            }
            if (await reader.ReadAsync(ct) && !reader.IsDBNull(0))
                nextDue = new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc));
        }
        return new DispatchCycle(fannedOut, claimed, nextDue);
    }

    /// <summary>An event's deliveries and every attempt, for the attempts route.</summary>
    public async Task<(JsonArray Deliveries, JsonArray Attempts)?> HistoryAsync(string accountId, string eventId, CancellationToken ct)
    {
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(Command("SELECT pending_webhooks FROM events WHERE account_id = $1 AND id = $2", accountId, eventId));
        batch.BatchCommands.Add(Command("""
            SELECT d.endpoint_id, w.url, d.state, d.attempts, d.next_attempt_at, d.delivered_at
            FROM webhook_deliveries d LEFT JOIN webhook_endpoints w ON w.account_id = d.account_id AND w.id = d.endpoint_id
            WHERE d.account_id = $1 AND d.event_id = $2 ORDER BY d.created_at, d.endpoint_id
            """, accountId, eventId));
        batch.BatchCommands.Add(Command("""
            SELECT a.endpoint_id, w.url, a.attempted_at, a.duration_ms, a.status_code, a.error, a.response_excerpt, a.next_retry_at, a.resend
            FROM webhook_attempts a LEFT JOIN webhook_endpoints w ON w.account_id = a.account_id AND w.id = a.endpoint_id
            WHERE a.account_id = $1 AND a.event_id = $2 ORDER BY a.seq
            """, accountId, eventId));
        await using var r = await batch.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        await r.NextResultAsync(ct);
        var deliveries = new JsonArray();
        while (await r.ReadAsync(ct))
            deliveries.Add(new JsonObject
            {
                ["endpoint"] = r.GetString(0),
                ["url"] = r.IsDBNull(1) ? null : r.GetString(1),
                ["state"] = r.GetString(2),
                ["attempts"] = r.GetInt32(3),
                ["next_attempt_at"] = Unix(r, 4),
                ["delivered_at"] = Unix(r, 5),
            });
        await r.NextResultAsync(ct);
        var attempts = new JsonArray();
        while (await r.ReadAsync(ct))
            attempts.Add(new JsonObject
            {
                ["endpoint"] = r.GetString(0),
                ["url"] = r.IsDBNull(1) ? null : r.GetString(1),
                ["attempted_at"] = Unix(r, 2),
                ["duration_ms"] = r.GetInt32(3),
                ["status_code"] = r.IsDBNull(4) ? null : r.GetInt32(4),
                ["error"] = r.IsDBNull(5) ? null : r.GetString(5),
                ["response_excerpt"] = r.IsDBNull(6) ? null : r.GetString(6),
                ["next_retry_at"] = Unix(r, 7),
                ["resend"] = r.GetBoolean(8),
            });
        return (deliveries, attempts);
    }

    private static JsonNode? Unix(NpgsqlDataReader r, int i) =>
        r.IsDBNull(i) ? null : JsonValue.Create(new DateTimeOffset(DateTime.SpecifyKind(r.GetDateTime(i), DateTimeKind.Utc)).ToUnixTimeSeconds());

    private static object Interval(TimeSpan? span) => span is { } s ? s : DBNull.Value;

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command;
    }
}

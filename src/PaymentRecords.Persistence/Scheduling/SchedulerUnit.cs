using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using PaymentRecords.Domain.Scheduling;
using PaymentRecords.Domain.TestClocks;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Persistence.Scheduling;

/// <summary>One item of due work as claimed: a <see cref="DueWork"/> row (<see cref="Row"/>), or an auto_advance draft (no row).</summary>
public sealed record ClaimedWork(string AccountId, string Kind, string ObjectId, long DueAt, string? TestClockId, DueWork? Row);

/// <summary>
/// One transaction of the scheduler over its own DbContext: claim one due item (<c>FOR UPDATE SKIP LOCKED</c> on its
/// <c>due_work</c> row, so any number of instances share the work and none runs an item another holds), run it
/// through the use cases on the same unit of work, delete the row, commit: the claim, the work and the deletion commit
/// together, or none of them (a crash leaves the row for the next claim). Lock order: the test clock (an advance
/// step), then the <c>due_work</c> row, then what the use case locks (customer → invoice → subscription).
/// Drafts with auto_advance have no <c>due_work</c> row: triggers keep them in <c>auto_advance_drafts</c> with the
/// invoice's own changes (migration <c>20261130193000_AutoAdvanceDrafts</c>: nothing to forget), found by their time,
/// finalized under the use case's locks, which re-check them, so two instances finalize one draft once.
/// </summary>
public sealed class SchedulerUnit(AsyncServiceScope scope, PaymentRecordsDbContext db, IDbContextTransaction transaction) : IAsyncDisposable
{
    /// <summary>A unit of work on a pooled DbContext of its own (a scope of <paramref name="services"/>), its transaction begun.</summary>
    public static async Task<SchedulerUnit> BeginAsync(IServiceProvider services, CancellationToken ct)
    {
        var scope = services.CreateAsyncScope();
        try
        {
            var db = scope.ServiceProvider.GetRequiredService<PaymentRecordsDbContext>();
            // No SAVEPOINT / RELEASE around each SaveChanges (two round trips a flush): a failed item never goes on in
            // its transaction, the whole unit is rolled back.
            db.Database.AutoSavepointsEnabled = false;
            return new SchedulerUnit(scope, db, await db.Database.BeginTransactionAsync(ct));
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }
    }

    /// <summary>The earliest wall-clock item due at <paramref name="now"/>, claimed; null: none (or all held by others).</summary>
    public async Task<ClaimedWork?> ClaimWallAsync(long now, IReadOnlySet<string> skippedDrafts, CancellationToken ct)
    {
        var rows = await db.DueWork.FromSql($"""
            SELECT * FROM due_work WHERE test_clock_id IS NULL AND due_at <= {now} AND (retry_at IS NULL OR retry_at <= {now})
            ORDER BY due_at, seq LIMIT 1 FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);
        if (rows.Count == 1) return Claimed(rows[0]);
        var drafts = await db.Database.SqlQuery<DraftDue>($"""
            SELECT d.account_id, d.invoice_id AS id, d.due_at AS due
            FROM auto_advance_drafts d JOIN customers c ON c.account_id = d.account_id AND c.id = d.customer_id
            WHERE c.test_clock_id IS NULL AND d.due_at <= {now}
            ORDER BY d.due_at LIMIT 8
            """).ToListAsync(ct);
        return drafts.FirstOrDefault(d => !skippedDrafts.Contains(d.Id)) is { } draft
            ? new ClaimedWork(draft.AccountId, DueWorkKinds.DraftFinalize, draft.Id, draft.Due, null, null)
            : null;
    }

    /// <summary>When the next wall-clock item is due (rows or drafts); null: nothing is scheduled.</summary>
    public async Task<long?> NextWallDueAsync(CancellationToken ct)
    {
        // Items never failed by their due time (the due_at index), failed ones by their retry time (its partial index).
        var due = await db.DueWork.Where(w => w.TestClockId == null && w.RetryAt == null).OrderBy(w => w.DueAt).Select(w => (long?)w.DueAt).FirstOrDefaultAsync(ct);
        // A failed item runs at the later of the two (an older instance may have moved a due_at past its retry_at).
        var retry = await db.DueWork.Where(w => w.TestClockId == null && w.RetryAt != null)
            .Select(w => w.RetryAt > w.DueAt ? w.RetryAt : w.DueAt).OrderBy(t => t).FirstOrDefaultAsync(ct);
        long? row = due is null ? retry : retry is null ? due : Math.Min(due.Value, retry.Value);
        var drafts = await db.Database.SqlQuery<long?>($"""
            SELECT d.due_at AS "Value"
            FROM auto_advance_drafts d JOIN customers c ON c.account_id = d.account_id AND c.id = d.customer_id
            WHERE c.test_clock_id IS NULL ORDER BY d.due_at LIMIT 1
            """).ToListAsync(ct);
        var draft = drafts.FirstOrDefault();
        return row is null ? draft : draft is null ? row : Math.Min(row.Value, draft.Value);
    }

    /// <summary>A clock being advanced that no other instance is working on, locked; null: none.</summary>
    public async Task<TestClock?> ClaimAdvancingClockAsync(CancellationToken ct)
    {
        var clocks = await db.TestClocks.FromSql($"""
            SELECT * FROM test_clocks WHERE status = 'advancing' ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);
        return clocks.FirstOrDefault();
    }

    /// <summary>
    /// The earliest item due on the (locked) clock up to its target, claimed; null: the advance is done. One round
    /// trip: the earliest row (locked) and the earliest auto_advance draft, the row first on a tie.
    /// </summary>
    public async Task<ClaimedWork?> NextOnClockAsync(TestClock clock, CancellationToken ct)
    {
        var target = clock.TargetFrozenTime ?? clock.FrozenTime;
        var next = await db.Database.SqlQuery<ClockDue>($"""
            WITH r AS (
                SELECT seq, kind, object_id, due_at FROM due_work
                WHERE test_clock_id = {clock.Id} AND account_id = {clock.AccountId} AND due_at <= {target}
                ORDER BY due_at, seq LIMIT 1 FOR UPDATE),
            d AS (
                SELECT d.invoice_id AS id, d.due_at AS due
                FROM auto_advance_drafts d JOIN customers c ON c.account_id = d.account_id AND c.id = d.customer_id
                WHERE d.account_id = {clock.AccountId} AND c.test_clock_id = {clock.Id} AND d.due_at <= {target}
                ORDER BY 2 LIMIT 1)
            SELECT seq, kind::text, object_id, due_at FROM r
            UNION ALL SELECT NULL, {DueWorkKinds.DraftFinalize}, id, due FROM d
            ORDER BY 4, 1 NULLS LAST LIMIT 1
            """).ToListAsync(ct);
        if (next.FirstOrDefault() is not { } due) return null;
        if (due.Seq is not { } seq) return new ClaimedWork(clock.AccountId, due.Kind, due.ObjectId, due.DueAt, clock.Id, null);
        // The row as read (its key is enough for the DELETE that Complete adds to the unit's SaveChanges).
        var row = new DueWork { Seq = seq, AccountId = clock.AccountId, Kind = due.Kind, ObjectId = due.ObjectId, DueAt = due.DueAt, TestClockId = clock.Id };
        db.DueWork.Attach(row);
        return Claimed(row);
    }

    /// <summary>
    /// A failed item is tried again <paramref name="seconds"/> from now (<see cref="DueWork.RetryAt"/>); its due time
    /// and key stay, so the retry runs the same work and an overdue item does not come straight back.
    /// </summary>
    public Task PostponeAsync(long seq, long seconds, CancellationToken ct)
    {
        var retryAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + seconds;
        return db.DueWork.Where(w => w.Seq == seq).ExecuteUpdateAsync(u => u.SetProperty(w => w.RetryAt, retryAt), ct);
    }

    /// <summary>The item is done: its row goes with this transaction.</summary>
    public void Complete(ClaimedWork work)
    {
        if (work.Row is { } row) db.DueWork.Remove(row);
    }

    public async Task CommitAsync(CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await scope.DisposeAsync();
    }

    private static ClaimedWork Claimed(DueWork row) => new(row.AccountId, row.Kind, row.ObjectId, row.DueAt, row.TestClockId, row);

    private sealed record DraftDue(string AccountId, string Id, long Due);

    private sealed record ClockDue(long? Seq, string Kind, string ObjectId, long DueAt);

    /// <summary>The rendering store, the billing stores and the flush of this unit of work for <paramref name="accountId"/>.</summary>
    public (EfRenderingStore Rendering, Application.BillingStores Stores, Func<Task> Flush) For(string accountId) =>
        (new EfRenderingStore(db, accountId), EfBillingStores.For(db, accountId), async () => await db.SaveChangesAsync());
}

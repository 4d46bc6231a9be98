using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PaymentRecords.Persistence.Tracking;

/// <summary>
/// One change detection per SaveChanges. EF Core detects changes (compares every property of every tracked entity
/// with its snapshot, the JSON columns node by node) on each <c>ChangeTracker.Entries()</c>, <c>DbSet.Local</c> and
/// <c>HasChanges()</c>, and again inside SaveChanges after the interceptors ran: a flush of the seed flow detected up to
/// five times, 12.8% of the server's CPU where EF Core's own detection was 1.6% (bench/README.md, "Issue 11, fourth
/// session"). Registered before every other interceptor, this one detects once when a SaveChanges starts and turns
/// automatic detection off until it ends, so the interceptors after it and EF Core's own save read the states it
/// found; nothing changes an entity in between. A SaveChanges started with automatic detection already off (a caller
/// that has just detected: <see cref="SingleTrip.CommitRidesLastFlush.SaveAndCommitAsync"/>) is left as it is.
/// </summary>
public sealed class DetectChangesOnce : SaveChangesInterceptor
{
    /// <summary>Present while a SaveChanges this interceptor turned detection off for is running.</summary>
    private sealed class Suspended;

    private static readonly ContextSlot<Suspended> Saves = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Detect(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Detect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Resume(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Resume(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Resume(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Resume(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Resume(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Resume(eventData.Context);
        return Task.CompletedTask;
    }

    private static void Detect(DbContext? db)
    {
        if (db is null) return;
        // Off with a mark left behind: a SaveChanges that failed before it ran (an exception in a later interceptor's
        // SavingChanges never reaches SaveChangesFailed), so this one detects as if nothing had turned it off.
        if (!db.ChangeTracker.AutoDetectChangesEnabled && !Saves.TryGetValue(db, out _)) return;
        db.ChangeTracker.DetectChanges();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        Saves.Set(db, new Suspended());
    }

    private static void Resume(DbContext? db)
    {
        if (db is null || !Saves.TryGetValue(db, out _)) return;
        Saves.Remove(db);
        db.ChangeTracker.AutoDetectChangesEnabled = true;
    }
}

/// <summary>Work on the change tracker that needs no (further) change detection.</summary>
public static class ChangeTrackerReads
{
    /// <summary>
    /// <paramref name="read"/> run without a change detection: for a read that looks for tracked entities by type, key,
    /// their current values or an explicit state (Added, Deleted), which no detection changes; only Modified depends on
    /// one.
    /// </summary>
    public static T WithoutDetection<T>(this ChangeTracker tracker, Func<T> read)
    {
        var detect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            return read();
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detect;
        }
    }

    /// <summary>
    /// <paramref name="run"/> (a save, say) without detecting changes again: for a caller whose states were detected
    /// just before (a save that found only Added entries, or <see cref="SingleTrip.CommitRidesLastFlush"/> after its
    /// own detection).
    /// </summary>
    public static async Task<T> WithoutDetectionAsync<T>(this ChangeTracker tracker, Func<Task<T>> run)
    {
        var detect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            return await run();
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detect;
        }
    }
}

using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Update;
using PaymentRecords.Persistence.Outbox;
using PaymentRecords.Persistence.Tracking;

namespace PaymentRecords.Persistence.SingleTrip;

/// <summary>
/// A write's last flush and its COMMIT in one round trip: <c>COMMIT</c> is appended to the flush's command, and
/// PostgreSQL runs it after the flush's statements, in order. Only when that is as safe as a separate commit:
/// <list type="bullet">
/// <item>every row the flush writes is new, or was inserted earlier in this transaction, or was read under a row lock
/// in it (<c>FOR UPDATE</c>, <c>FOR NO KEY UPDATE</c>, <c>FOR SHARE</c>, <c>FOR KEY SHARE</c>): an INSERT either writes
/// its row or raises, and a statement that raises makes PostgreSQL skip every later one, the COMMIT included, so the
/// transaction is rolled back as before. EF Core checks an UPDATE's or DELETE's rows affected only after the command has
/// run, so a row that another transaction could delete under it would be found missing after the COMMIT had kept the
/// rest: a row of ours or one we hold locked cannot go missing, any other can, and then the commit goes alone;</item>
/// <item>EF Core sends the flush as one command (<see cref="LastBatchExecutor"/> sees the batches before the first is
/// sent); with several, the transaction commits on its own as before.</item>
/// </list>
/// Which rows are locked: an entity a query that takes row locks starts tracking (its SQL has a locking clause without
/// <c>OF</c>, which would name only some tables), seen through <see cref="ChangeTracker.Tracked"/>. An entity already
/// tracked when a locking query returns it again is not tracked again, so it is not known as locked: the commit then
/// goes alone (conservative). Not through an <see cref="IMaterializationInterceptor"/>: with one registered, EF Core
/// builds every row of every query through a dictionary of two compiled closures per column (a
/// <c>DynamicMethod.CreateDelegate</c> each), which made a page of 100 invoices cost 4.3 MB and most of its 20 ms.
/// The pipeline brackets each write with <see cref="BeginUnit"/> / <see cref="EndUnit"/>; nothing is tracked outside.
/// </summary>
public sealed partial class CommitRidesLastFlush(OutboxCommitInterceptor outbox, IRoundTrips roundTrips)
    : DbCommandInterceptor, ISaveChangesInterceptor
{
    /// <summary>Rows this unit of work may change with the COMMIT in the same command: locked by it, or inserted by it.</summary>
    private sealed class Unit
    {
        public readonly HashSet<object> Safe = new(ReferenceEqualityComparer.Instance);
        public bool LastQueryLocks;

        /// <summary>An entity a query starts tracking is locked when that query took row locks.</summary>
        public void OnTracked(object? sender, EntityTrackedEventArgs e)
        {
            if (e.FromQuery && LastQueryLocks) Safe.Add(e.Entry.Entity);
        }
    }

    private static readonly ContextSlot<Unit> Units = new();

    /// <summary>A write's transaction begins: its locked and inserted rows are tracked until <see cref="EndUnit"/>.</summary>
    public static void BeginUnit(DbContext db)
    {
        EndUnit(db);
        var unit = new Unit();
        Units.Set(db, unit);
        db.ChangeTracker.Tracked += unit.OnTracked;
    }

    public static void EndUnit(DbContext db)
    {
        if (!Units.TryGetValue(db, out var unit)) return;
        db.ChangeTracker.Tracked -= unit.OnTracked;
        Units.Remove(db);
    }

    /// <summary>An entity read under a row lock without EF Core's query pipeline (<see cref="ReadBatch"/>) is locked too.</summary>
    public static void MarkLocked(DbContext db, object entity)
    {
        if (Units.TryGetValue(db, out var unit)) unit.Safe.Add(entity);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\bFOR\s+(UPDATE|NO\s+KEY\s+UPDATE|SHARE|KEY\s+SHARE)\b(?!\s+OF\b)",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex RowLock();

    private sealed class State
    {
        public bool Requested;
        public bool Armed;
        public bool Sent;
        public CommitRidesLastFlush? SentBy;
    }

    private static readonly ContextSlot<State> States = new();

    private readonly OutboxCommitInterceptor _outbox = outbox;
    private readonly IRoundTrips _roundTrips = roundTrips;

    /// <summary>
    /// Saves the pending changes and, when it can go with them, commits the open transaction. True: committed (the
    /// transaction is over; do not commit it again; the entries may have been let go, see <see cref="LastFlushBatch"/>).
    /// False: saved only; the caller commits.
    /// </summary>
    public static async Task<bool> SaveAndCommitAsync(DbContext db)
    {
        // Changes are detected here, once: the states OnlySafeRows reads are those the flush saves, which then runs
        // without detecting them again (Tracking/DetectChangesOnce.cs).
        if (db.ChangeTracker.AutoDetectChangesEnabled) db.ChangeTracker.DetectChanges();
        var state = await db.ChangeTracker.WithoutDetectionAsync(async () =>
        {
            var pending = new State { Requested = db.Database.CurrentTransaction is not null && OnlySafeRows(db) };
            // Most last flushes (two to four rows, none depending on another) are written by hand (LastFlushBatch).
            if (pending.Requested && Of(db) is { } self && LastFlushBatch.CanWrite(db))
            {
                self._outbox.Flushing(db);
                await LastFlushBatch.WriteAndCommitAsync(db, self._roundTrips);
                pending.Sent = true;
                pending.SentBy = self;
                return pending;
            }
            States.Set(db, pending);
            try
            {
                await db.SaveChangesAsync();
            }
            finally
            {
                States.Remove(db);
            }
            return pending;
        });
        // The outbox learns of a commit EF Core's transaction never saw.
        state.SentBy?._outbox.CommittedWithFlush(db);
        return state.Sent;
    }

    /// <summary>The instance registered on the context's options (it holds the outbox's and the round trips' services).</summary>
    private static CommitRidesLastFlush? Of(DbContext db) =>
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors?.OfType<CommitRidesLastFlush>().FirstOrDefault();

    private static bool OnlySafeRows(DbContext db)
    {
        Units.TryGetValue(db, out var unit);
        var any = false;
        foreach (var entry in db.ChangeTracker.Entries())
        {
            switch (entry.State)
            {
                case EntityState.Unchanged or EntityState.Detached:
                    continue;
                case EntityState.Added:
                    break;
                default:
                    if (entry.Metadata.IsOwned() || unit is null || !unit.Safe.Contains(entry.Entity)) return false;
                    break;
            }
            any = true;
        }
        return any;
    }

    /// <summary>Called by <see cref="LastBatchExecutor"/> when the flush is one command.</summary>
    internal static void Arm(DbContext db)
    {
        if (States.TryGetValue(db, out var state) && state.Requested) state.Armed = true;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        NoteLocks(command, eventData);
        Append(command, eventData);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        NoteLocks(command, eventData);
        Append(command, eventData);
        return base.ReaderExecuting(command, eventData, result);
    }

    /// <summary>Whether the entities the query about to run materializes come locked.</summary>
    private static void NoteLocks(DbCommand command, CommandEventData eventData)
    {
        if (eventData.Context is { } db && Units.TryGetValue(db, out var unit))
            unit.LastQueryLocks = eventData.CommandSource != CommandSource.SaveChanges && RowLock().IsMatch(command.CommandText);
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        NoteInserts(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        NoteInserts(eventData.Context);
        return result;
    }

    /// <summary>Rows this transaction inserts are its own: no other transaction sees them, let alone deletes them.</summary>
    private static void NoteInserts(DbContext? db)
    {
        if (db is null || !Units.TryGetValue(db, out var unit)) return;
        foreach (var entry in db.ChangeTracker.Entries())
            if (entry.State == EntityState.Added) unit.Safe.Add(entry.Entity);
    }

    private void Append(DbCommand command, CommandEventData eventData)
    {
        if (eventData.CommandSource != CommandSource.SaveChanges || eventData.Context is not { } db
            || !States.TryGetValue(db, out var state) || !state.Armed || state.Sent) return;
        command.CommandText = command.CommandText.TrimEnd() + "\nCOMMIT;";
        state.Sent = true;
        state.SentBy = this;
    }
}

#pragma warning disable EF1001 // EF Core's own executor, subclassed only to see how many commands a flush will be before the first is sent.
/// <summary>
/// EF Core's batch executor, which tells <see cref="CommitRidesLastFlush"/> when a flush is a single command. It looks
/// ahead one batch, as EF Core's executor itself does, so the batches are prepared exactly as before.
/// </summary>
public sealed class LastBatchExecutor(ICurrentDbContext currentContext, IDiagnosticsLogger<DbLoggerCategory.Update> updateLogger)
    : Microsoft.EntityFrameworkCore.Update.Internal.BatchExecutor(currentContext, updateLogger)
{
    public override Task<int> ExecuteAsync(IEnumerable<ModificationCommandBatch> commandBatches, IRelationalConnection connection,
        CancellationToken cancellationToken = default)
    {
        var batches = commandBatches.GetEnumerator();
        if (!batches.MoveNext())
        {
            batches.Dispose();
            return base.ExecuteAsync([], connection, cancellationToken);
        }
        var first = batches.Current;
        ModificationCommandBatch? second = batches.MoveNext() ? batches.Current : null;
        if (second is null) CommitRidesLastFlush.Arm(CurrentContext.Context);
        return base.ExecuteAsync(Replay(first, second, batches), connection, cancellationToken);
    }

    private static IEnumerable<ModificationCommandBatch> Replay(ModificationCommandBatch first, ModificationCommandBatch? second,
        IEnumerator<ModificationCommandBatch> rest)
    {
        using (rest)
        {
            yield return first;
            if (second is null) yield break;
            yield return second;
            while (rest.MoveNext()) yield return rest.Current;
        }
    }
}
#pragma warning restore EF1001

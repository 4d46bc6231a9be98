using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Update;
using PaymentRecords.Persistence.Outbox;

namespace PaymentRecords.Persistence.SingleTrip;

/// <summary>
/// A write's last flush and its COMMIT in one round trip: <c>COMMIT</c> is appended to the flush's command, and
/// PostgreSQL runs it after the flush's statements, in order. Only when that is as safe as a separate commit:
/// <list type="bullet">
/// <item>the flush is made of new rows only (its events, the stored response, …): an INSERT either writes its row or
/// raises, and a statement that raises makes PostgreSQL skip every later one, the COMMIT included, so the transaction
/// is rolled back as before. An UPDATE or DELETE is left out because EF Core checks its rows affected only after the
/// command has run: a row gone under it would be reported after the COMMIT had already kept the rest;</item>
/// <item>EF Core sends the flush as one command (<see cref="LastBatchExecutor"/> sees the batches before the first is
/// sent); with several, the transaction commits on its own as before.</item>
/// </list>
/// </summary>
public sealed class CommitRidesLastFlush(OutboxCommitInterceptor outbox) : DbCommandInterceptor
{
    private sealed class State
    {
        public bool Requested;
        public bool Armed;
        public bool Sent;
        public CommitRidesLastFlush? SentBy;
    }

    private static readonly ConditionalWeakTable<DbContext, State> States = new();

    private readonly OutboxCommitInterceptor _outbox = outbox;

    /// <summary>
    /// Saves the pending changes and, when it can go with them, commits the open transaction. True: committed (the
    /// transaction is over; do not commit it again). False: saved only; the caller commits.
    /// </summary>
    public static async Task<bool> SaveAndCommitAsync(DbContext db)
    {
        var state = new State { Requested = OnlyNewRows(db) && db.Database.CurrentTransaction is not null };
        States.AddOrUpdate(db, state);
        try
        {
            await db.SaveChangesAsync();
        }
        finally
        {
            States.Remove(db);
        }
        // The outbox learns of a commit EF Core's transaction never saw.
        state.SentBy?._outbox.CommittedWithFlush(db);
        return state.Sent;
    }

    private static bool OnlyNewRows(DbContext db)
    {
        var any = false;
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State == EntityState.Unchanged) continue;
            if (entry.State != EntityState.Added) return false;
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
        Append(command, eventData);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Append(command, eventData);
        return base.ReaderExecuting(command, eventData, result);
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

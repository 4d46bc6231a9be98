using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PaymentRecords.Domain.Events;
using PaymentRecords.Domain.Webhooks;

namespace PaymentRecords.Persistence.Outbox;

/// <summary>
/// Tells <see cref="OutboxSignal"/> when events (or webhook endpoint changes) reach the database for good: remembers the
/// accounts of the events each SaveChanges inserts, and signals them when their transaction commits (or at once, for a
/// SaveChanges outside a transaction); a rollback forgets them. Costs no round trip.
/// </summary>
public sealed class OutboxCommitInterceptor(OutboxSignal signal) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    /// <summary>What the context's open transaction wrote (contexts are pooled; entries go at commit or rollback).</summary>
    private readonly ContextSlot<Pending> _pending = new();

    /// <summary>What was pending when the transaction's savepoint was made: a rollback to it forgets what came after.</summary>
    private readonly ContextSlot<Pending> _atSavepoint = new();

    private sealed class Pending
    {
        public HashSet<string> Accounts { get; } = new(StringComparer.Ordinal);
        public bool EndpointsChanged { get; set; }

        public Pending Copy()
        {
            var copy = new Pending { EndpointsChanged = EndpointsChanged };
            copy.Accounts.UnionWith(Accounts);
            return copy;
        }
    }

    // One savepoint level: the request pipeline and the scheduler turn EF Core's automatic savepoints off, and a change
    // preview makes one (RequestScope.ChangeThenUndoAsync), whose events are rolled back and must not wake the
    // dispatcher. Where automatic savepoints are on, a mark is at worst stale (a spurious wake, never a missed one).
    public void CreatedSavepoint(DbTransaction transaction, TransactionEventData eventData) => Mark(eventData.Context);

    public Task CreatedSavepointAsync(DbTransaction transaction, TransactionEventData eventData, CancellationToken cancellationToken = default)
    {
        Mark(eventData.Context);
        return Task.CompletedTask;
    }

    public void RolledBackToSavepoint(DbTransaction transaction, TransactionEventData eventData) => Restore(eventData.Context);

    public Task RolledBackToSavepointAsync(DbTransaction transaction, TransactionEventData eventData, CancellationToken cancellationToken = default)
    {
        Restore(eventData.Context);
        return Task.CompletedTask;
    }

    private void Mark(DbContext? context)
    {
        if (context is null) return;
        _atSavepoint.Set(context, _pending.TryGetValue(context, out var pending) ? pending.Copy() : new Pending());
    }

    private void Restore(DbContext? context)
    {
        if (context is null || !_atSavepoint.TryGetValue(context, out var marked)) return;
        _atSavepoint.Remove(context);
        if (marked.Accounts.Count == 0 && !marked.EndpointsChanged) _pending.Remove(context);
        else _pending.Set(context, marked);
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return base.SavingChanges(eventData, result);
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        SignalIfAutocommitted(eventData.Context);
        return base.SavedChangesAsync(eventData, result, cancellationToken);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        SignalIfAutocommitted(eventData.Context);
        return base.SavedChanges(eventData, result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => ForgetIfAutocommitted(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ForgetIfAutocommitted(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Signal(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Signal(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Forget(eventData.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Note(DbContext? context)
    {
        if (context is null) return;
        foreach (var entry in context.ChangeTracker.Entries<EventRecord>())
            if (entry.State == EntityState.Added)
                _pending.GetOrCreate(context, () => new Pending()).Accounts.Add(entry.Entity.AccountId);
        foreach (var entry in context.ChangeTracker.Entries<WebhookEndpoint>())
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
                _pending.GetOrCreate(context, () => new Pending()).EndpointsChanged = true;
    }

    private void SignalIfAutocommitted(DbContext? context)
    {
        if (context is not null && context.Database.CurrentTransaction is null) Signal(context);
    }

    private void ForgetIfAutocommitted(DbContext? context)
    {
        if (context is not null && context.Database.CurrentTransaction is null) Forget(context);
    }

    /// <summary>A flush written without SaveChanges (<c>SingleTrip/LastFlushBatch</c>) is about to be sent: its events are noted as SaveChanges' would be.</summary>
    public void Flushing(DbContext context) => Note(context);

    /// <summary>A transaction whose COMMIT went with its last flush (<c>SingleTrip/CommitRidesLastFlush</c>) committed.</summary>
    public void CommittedWithFlush(DbContext context) => Signal(context);

    private void Signal(DbContext? context)
    {
        if (context is null) return;
        _atSavepoint.Remove(context);
        if (!_pending.TryGetValue(context, out var pending)) return;
        _pending.Remove(context);
        signal.Committed(new OutboxCommit(pending.Accounts, pending.EndpointsChanged));
    }

    private void Forget(DbContext? context)
    {
        if (context is null) return;
        _pending.Remove(context);
        _atSavepoint.Remove(context);
    }
}

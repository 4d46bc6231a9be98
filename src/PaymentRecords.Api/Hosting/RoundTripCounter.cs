using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PaymentRecords.Api.Hosting;

/// <summary>
/// Counts the database round trips (commands and commits) that HTTP requests make, so a test can check how many a
/// request costs. Npgsql sends BEGIN together with the first command, so a transaction adds only its COMMIT (and any
/// savepoint EF Core sets around a SaveChanges inside it). Work with
/// no request behind it (the scheduler, the idempotency purger, on the same DbContext pool) is not counted: a request
/// measured while a background item runs would otherwise be charged for it.
/// </summary>
public sealed class RoundTripCounter(IHttpContextAccessor requests) : DbCommandInterceptor, IDbTransactionInterceptor,
    global::PaymentRecords.Persistence.SingleTrip.IRoundTrips
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    private void Hit()
    {
        if (requests.HttpContext is not null) Interlocked.Increment(ref _count);
    }

    /// <summary>A batch sent on the context's connection without EF Core (<see cref="global::PaymentRecords.Persistence.SingleTrip.SingleTripSave"/>).</summary>
    public void Sent() => Hit();

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Hit();
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Hit();
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Hit();
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Hit();
        return base.ReaderExecuting(command, eventData, result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Hit();
        return base.NonQueryExecuting(command, eventData, result);
    }

    public ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Hit();
        return ValueTask.FromResult(result);
    }

    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        Hit();
        return result;
    }

    // EF Core's savepoints (SaveChanges inside an open transaction) are statements of their own: one round trip each.
    public ValueTask<InterceptionResult> CreatingSavepointAsync(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Hit();
        return ValueTask.FromResult(result);
    }

    public ValueTask<InterceptionResult> ReleasingSavepointAsync(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Hit();
        return ValueTask.FromResult(result);
    }
}

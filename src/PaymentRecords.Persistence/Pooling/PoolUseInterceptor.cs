using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PaymentRecords.Persistence.Pooling;

/// <summary>
/// Tells <see cref="BurstTrim"/> each time EF Core starts opening a context's connection (a rental from the pool) and
/// each time it is given back. A rental counts from the moment it asks, not from the moment it has a connection:
/// requests that arrive together on an empty pool each open a physical connection, even when the work they then do on
/// it is too short to overlap.
/// </summary>
public sealed class PoolUseInterceptor(BurstTrim trim) : DbConnectionInterceptor
{
    public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        trim.Rented();
        return result;
    }

    public override ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        trim.Rented();
        return ValueTask.FromResult(result);
    }

    public override void ConnectionFailed(DbConnection connection, ConnectionErrorEventData eventData) => trim.Returned();

    public override Task ConnectionFailedAsync(DbConnection connection, ConnectionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        trim.Returned();
        return Task.CompletedTask;
    }

    public override void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => trim.Returned();

    public override Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        trim.Returned();
        return Task.CompletedTask;
    }
}

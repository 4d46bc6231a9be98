using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PaymentRecords.Persistence.Pooling;

/// <summary>Tells <see cref="BurstTrim"/> each time EF Core opens or closes a context's connection (a rental from the pool).</summary>
public sealed class PoolUseInterceptor(BurstTrim trim) : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => trim.Opened();

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        trim.Opened();
        return Task.CompletedTask;
    }

    public override void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => trim.Closed();

    public override Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        trim.Closed();
        return Task.CompletedTask;
    }
}

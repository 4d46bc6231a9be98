using Microsoft.EntityFrameworkCore;
using Npgsql;
using PaymentRecords.Persistence;
using PaymentRecords.Persistence.Pooling;

namespace PaymentRecords.Api.Hosting;

/// <summary>
/// Once a second, asks <see cref="BurstTrim"/> whether the request pool holds far more connections than its recent use,
/// and if so clears its idle ones (busy ones close when they come back), so that a lone client after a burst reuses
/// one warm PostgreSQL backend instead of going round all of them.
/// </summary>
internal sealed class PoolTrimmer(BurstTrim trim, IServiceScopeFactory scopes, ILogger<PoolTrimmer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (!trim.Tick()) continue;
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<PaymentRecordsDbContext>();
                    NpgsqlConnection.ClearPool((NpgsqlConnection)db.Database.GetDbConnection());
                }
                catch (Exception e)
                {
                    logger.LogWarning("Could not trim the connection pool: {Message}", e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

using Npgsql;
using PaymentRecords.Persistence.Pooling;

namespace PaymentRecords.Api.Hosting;

/// <summary>
/// Once a second, asks <see cref="BurstTrim"/> whether the request pool holds far more connections than its recent use,
/// and if so clears its idle ones (busy ones close when they come back), so that a lone client after a burst reuses
/// one warm PostgreSQL backend instead of going round all of them. Npgsql keys its pools by connection string, so the
/// request pool's own string (<paramref name="requestPool"/>, the one its contexts connect with) names it.
/// </summary>
internal sealed class PoolTrimmer(BurstTrim trim, string? requestPool, ILogger<PoolTrimmer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrEmpty(requestPool)) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (!trim.Tick()) continue;
                try
                {
                    using var named = new NpgsqlConnection(requestPool);
                    NpgsqlConnection.ClearPool(named);
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

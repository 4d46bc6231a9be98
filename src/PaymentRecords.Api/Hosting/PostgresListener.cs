using Npgsql;

namespace PaymentRecords.Api.Hosting;

/// <summary>
/// LISTEN on a channel over a connection of its own, for a background loop coordinated in PostgreSQL (the webhook
/// dispatcher, the due-work scheduler): each notification's payload goes to <c>onNotification</c>; once listening
/// (and again after each reconnect) <c>onListening</c> runs, so whatever was committed while nobody listened is
/// looked at. A lost connection is logged and reopened a second later, until the token ends it.
/// </summary>
public static class PostgresListener
{
    public static async Task RunAsync(NpgsqlDataSource source, string channel, Action<string> onNotification, Action onListening,
        ILogger logger, string who, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await source.OpenConnectionAsync(ct);
                connection.Notification += (_, e) => onNotification(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {channel}", connection))
                    await listen.ExecuteNonQueryAsync(ct);
                onListening();
                while (!ct.IsCancellationRequested) await connection.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("{Who} listener lost its connection, reconnecting: {Message}", who, e.Message);
                try { await Task.Delay(TimeSpan.FromSeconds(1), ct); } catch (OperationCanceledException) { return; }
            }
        }
    }
}

using Npgsql;
using PaymentRecords.Api.Hosting;

namespace PaymentRecords.Api.Webhooks;

public static class WebhookServices
{
    /// <summary>The dispatcher (a hosted service on its own connection pool), its store and the delivery service.</summary>
    public static void AddWebhooks(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WebhookOptions>().Bind(builder.Configuration.GetSection(WebhookOptions.Section));
        services.AddSingleton(sp =>
        {
            // The same pool settings as the requests' (no DISCARD ALL on reuse, auto-prepared statements: the dispatcher
            // runs the same few statements all day), then its own.
            var connection = new NpgsqlConnectionStringBuilder(ApiConnectionString.For(sp.GetRequiredService<IConfiguration>().GetConnectionString("Postgres")))
            {
                ApplicationName = "PaymentRecords webhooks",
                // The dispatcher's own writes (fan-out, claims, attempts) do not wait for their WAL flush: a crash can
                // forget the last few hundred milliseconds of them, and the deliveries they concern are then sent
                // again (at least once, as Stripe promises). The API's writes keep synchronous_commit on.
                Options = "-c synchronous_commit=off",
            };
            return new WebhookStore(NpgsqlDataSource.Create(connection.ConnectionString));
        });
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddSingleton<WebhookDeliveryService>();
    }
}

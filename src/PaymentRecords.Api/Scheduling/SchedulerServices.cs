using Npgsql;
using PaymentRecords.Api.Hosting;
using PaymentRecords.Application.Scheduling;

namespace PaymentRecords.Api.Scheduling;

public static class SchedulerServices
{
    /// <summary>The due-work scheduler (a hosted service), its options and the dunning settings (<c>Billing:Dunning</c>).</summary>
    public static void AddScheduler(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SchedulerOptions>().Bind(builder.Configuration.GetSection(SchedulerOptions.Section));
        services.AddOptions<DunningOptions>().Bind(builder.Configuration.GetSection("Billing:Dunning"));
        services.AddSingleton(sp => new SchedulerListener(NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(
            ApiConnectionString.For(sp.GetRequiredService<IConfiguration>().GetConnectionString("Postgres")))
        {
            ApplicationName = "PaymentRecords scheduler",
            Pooling = false,
        }.ConnectionString)));
        services.AddSingleton<DueWorkScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<DueWorkScheduler>());
    }
}

/// <summary>The LISTEN connection's data source (one connection, kept open).</summary>
public sealed class SchedulerListener(NpgsqlDataSource source) : IAsyncDisposable
{
    public NpgsqlDataSource Source => source;

    public ValueTask DisposeAsync() => source.DisposeAsync();
}

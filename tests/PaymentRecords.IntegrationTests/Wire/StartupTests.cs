using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PaymentRecords.Api.Hosting;

namespace PaymentRecords.IntegrationTests.Wire;

/// <summary>Start-up and health when the database is not there (no fixture: nothing listens on port 1).</summary>
public sealed class StartupTests
{
    private const string Unreachable = "Host=127.0.0.1;Port=1;Username=postgres;Password=x;Database=paymentrecords;Timeout=2";

    private static WebApplication Build(CapturingLoggerProvider? logs = null) =>
        PaymentRecordsApp.Build(["--urls", "http://127.0.0.1:0"], b =>
        {
            b.Configuration["ConnectionStrings:Postgres"] = Unreachable;
            if (logs is not null) b.Logging.AddProvider(logs);
        });

    [Fact]
    public async Task Unreachable_database_fails_start_up_with_one_line_naming_host_and_port()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = Build(logs);
        Assert.False(await DatabaseStartup.PrepareAsync(app));
        var critical = Assert.Single(logs.Messages, m => m.Level == LogLevel.Critical);
        Assert.Contains("127.0.0.1:1", critical.Text);
        Assert.Contains("scripts/run", critical.Text);
    }

    [Fact]
    public async Task Healthz_is_503_when_the_database_does_not_answer()
    {
        await using var app = Build();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        var response = await http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        await app.StopAsync();
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public List<(LogLevel Level, string Text)> Messages { get; } = [];
        public ILogger CreateLogger(string categoryName) => new Logger(this);
        public void Dispose() { }

        private sealed class Logger(CapturingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner.Messages) owner.Messages.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}

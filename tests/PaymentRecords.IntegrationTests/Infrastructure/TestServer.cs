using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using PaymentRecords.Api.Hosting;

namespace PaymentRecords.IntegrationTests.Infrastructure;

/// <summary>
/// One real server instance: Kestrel on 127.0.0.1 with a free port (not the in-memory test host), so requests
/// cross a socket exactly as an SDK's do. Test hooks are on (X-Test-Delay-Ms).
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestServer(WebApplication app, Uri baseAddress, ErrorLog errors)
    {
        _app = app;
        BaseAddress = baseAddress;
        Errors = errors;
    }

    /// <summary>What the server logged at Error or above.</summary>
    public ErrorLog Errors { get; }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    public RoundTripCounter RoundTrips => _app.Services.GetRequiredService<RoundTripCounter>();

    /// <summary>Starts an instance; <paramref name="configuration"/> adds settings (e.g. a short webhook retry schedule).</summary>
    public static async Task<TestServer> StartAsync(string connectionString, IReadOnlyDictionary<string, string>? configuration = null)
    {
        var errors = new ErrorLog();
        var app = PaymentRecordsApp.Build(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration["ConnectionStrings:Postgres"] = connectionString;
            builder.Configuration["PaymentRecords:EnableTestHooks"] = "true";
            builder.Configuration["Logging:LogLevel:Default"] = "Warning";
            builder.Logging.AddProvider(errors);
            foreach (var (key, value) in configuration ?? new Dictionary<string, string>()) builder.Configuration[key] = value;
        });
        if (!await DatabaseStartup.PrepareAsync(app))
            throw new InvalidOperationException("The test database could not be prepared; see the log above.");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestServer(app, new Uri(address.Replace("[::]", "127.0.0.1")), errors);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

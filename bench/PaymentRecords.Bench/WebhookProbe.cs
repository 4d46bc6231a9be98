using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PaymentRecords.Bench;

/// <summary>
/// <c>--webhook</c>: a built-in webhook receiver (Kestrel on 127.0.0.1, one POST route, as a user's ASP.NET Core
/// handler would be) behind a <c>*</c> endpoint of the run's account. Latency is from reading the API response that
/// wrote an event (matched by <c>event.request.id</c> = the response's <c>Request-Id</c>) to the receiver getting the
/// event. Every event answers 200. (It was an HttpListener until 2026-11-29, which cost about 0.5 ms of CPU per event
/// on this machine, charged against the server's throughput in the same run; bench/README.md.)
/// </summary>
internal sealed class WebhookProbe : IDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string? RequestId, long Ticks)> _arrivals = new();

    /// <summary>Request-Id → when its response was read (Stopwatch ticks); filled by <see cref="ApiClient"/>.</summary>
    public ConcurrentDictionary<string, long> Responses { get; } = new();

    public string Url { get; }

    public WebhookProbe()
    {
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}/webhook/";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        _app = builder.Build();
        _app.MapPost("/webhook/", async (HttpRequest request) =>
        {
            var arrived = Stopwatch.GetTimestamp();
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            _arrivals.Enqueue((RequestIdOf(body), arrived));
            return Results.Ok();
        });
        _app.StartAsync().GetAwaiter().GetResult();
    }

    public async Task CreateEndpointAsync(Uri server, string apiKey)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = server };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var form = new FormUrlEncodedContent([new("url", Url), new("enabled_events[]", "*")]);
        using var response = await http.PostAsync("v1/webhook_endpoints", form);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"creating the webhook endpoint failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static string? RequestIdOf(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("request", out var r) && r.ValueKind == JsonValueKind.Object &&
                   r.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>One line: events received and the latency percentiles (ms) of those matched to a response.</summary>
    public string Summary()
    {
        var all = _arrivals.ToArray();
        var latencies = all
            .Where(a => a.RequestId is not null && Responses.ContainsKey(a.RequestId))
            .Select(a => (a.Ticks - Responses[a.RequestId!]) * 1000.0 / Stopwatch.Frequency)
            .Order().ToArray();
        if (latencies.Length == 0) return $"webhooks: {all.Length} events received, none matched to a response";
        double P(double q) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(q * latencies.Length) - 1)];
        return $"webhooks: {all.Length} events received ({latencies.Length} matched); API response -> receiver " +
               $"p50 {P(0.50):0.0} ms, p90 {P(0.90):0.0} ms, p99 {P(0.99):0.0} ms, max {latencies[^1]:0.0} ms";
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _app.StopAsync().GetAwaiter().GetResult();
        ((IDisposable)_app).Dispose();
    }
}

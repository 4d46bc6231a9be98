using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace PaymentRecords.Bench;

/// <summary>
/// <c>--webhook</c>: a built-in webhook receiver (HttpListener on 127.0.0.1) behind a <c>*</c> endpoint of the run's
/// account. Latency is from reading the API response that wrote an event (matched by <c>event.request.id</c> =
/// the response's <c>Request-Id</c>) to the receiver getting the event. Every event answers 200.
/// </summary>
internal sealed class WebhookProbe : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(string? RequestId, long Ticks)> _arrivals = new();
    private readonly Task _loop;

    /// <summary>Request-Id → when its response was read (Stopwatch ticks); filled by <see cref="ApiClient"/>.</summary>
    public ConcurrentDictionary<string, long> Responses { get; } = new();

    public string Url { get; }

    public WebhookProbe()
    {
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}/webhook/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
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

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            var arrived = Stopwatch.GetTimestamp();
            _ = Task.Run(async () =>
            {
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                context.Response.StatusCode = 200;
                context.Response.Close();
                _arrivals.Enqueue((RequestIdOf(body), arrived));
            });
        }
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
        _listener.Stop();
        _listener.Close();
        _ = _loop;
    }
}

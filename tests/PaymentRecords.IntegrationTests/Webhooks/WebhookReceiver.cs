using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PaymentRecords.IntegrationTests.Webhooks;

/// <summary>One request a receiver got: the raw body and the signature header, as a handler sees them.</summary>
public sealed record ReceivedWebhook(string Path, string Body, string Signature, string ContentType, DateTimeOffset At)
{
    public System.Text.Json.Nodes.JsonObject Json => System.Text.Json.Nodes.JsonNode.Parse(Body)!.AsObject();
    public string EventId => Json["id"]!.GetValue<string>();
    public string Type => Json["type"]!.GetValue<string>();
}

/// <summary>
/// A real HTTP webhook handler on loopback (Kestrel, 127.0.0.1:0). Every path records what it gets; a path's
/// behaviour (fail the first N answers, hold requests open) is set per test.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _failFirst = new();
    private readonly ConcurrentDictionary<string, int> _seen = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _hold = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _held = new();

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();
    public Uri BaseAddress { get; private set; } = null!;

    private WebhookReceiver(WebApplication app) => _app = app;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseAddress = new Uri(address);
        return receiver;
    }

    /// <summary>A fresh path on this receiver, for one endpoint.</summary>
    public string NewUrl(string name = "hook") => new Uri(BaseAddress, $"/{name}/{Guid.NewGuid():N}").ToString();

    /// <summary>The path of <paramref name="url"/> answers 500 to its first <paramref name="count"/> requests.</summary>
    public void FailFirst(string url, int count) => _failFirst[new Uri(url).AbsolutePath] = count;

    /// <summary>Requests to <paramref name="url"/> are held open until <see cref="Release"/>; the task completes when one arrives.</summary>
    public Task HoldAsync(string url)
    {
        var path = new Uri(url).AbsolutePath;
        _hold[path] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return (_held[path] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
    }

    public void Release(string url)
    {
        var path = new Uri(url).AbsolutePath;
        if (_hold.TryRemove(path, out var gate)) gate.TrySetResult();
    }

    public IReadOnlyList<ReceivedWebhook> For(string url) =>
        Received.Where(r => r.Path == new Uri(url).AbsolutePath).ToList();

    /// <summary>Waits until <paramref name="url"/> received at least <paramref name="count"/> requests.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(string url, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            var got = For(url);
            if (got.Count >= count) return got;
            await Task.Delay(20);
        }
        var last = For(url);
        Assert.Fail($"{url} received {last.Count} webhooks, expected {count}");
        return last;
    }

    private async Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync();
        var n = _seen.AddOrUpdate(path, 1, (_, v) => v + 1);
        Received.Enqueue(new ReceivedWebhook(path, body, http.Request.Headers["Stripe-Signature"].ToString(),
            http.Request.ContentType ?? "", DateTimeOffset.UtcNow));
        if (_hold.TryGetValue(path, out var gate))
        {
            if (_held.TryGetValue(path, out var arrived)) arrived.TrySetResult();
            await gate.Task;
        }
        if (_failFirst.TryGetValue(path, out var fail) && n <= fail)
        {
            http.Response.StatusCode = 500;
            await http.Response.WriteAsync("receiver says no");
            return;
        }
        http.Response.StatusCode = 200;
        await http.Response.WriteAsync("{\"received\":true}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var gate in _hold.Values) gate.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

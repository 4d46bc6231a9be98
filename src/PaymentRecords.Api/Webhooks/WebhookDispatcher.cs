using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Npgsql;
using PaymentRecords.Api.Hosting;
using PaymentRecords.Api.Events;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Domain.Events;
using PaymentRecords.Persistence.Outbox;

namespace PaymentRecords.Api.Webhooks;

/// <summary>
/// Delivers committed events to webhook endpoints. A commit that wrote events for an account with an enabled endpoint
/// wakes this instance's loop in process (<see cref="OutboxSignal"/>), and the loop wakes the other instances with one
/// NOTIFY on <see cref="WebhookStore.Channel"/> (at most one per <see cref="NotifyEvery"/>), so they share the work.
/// The loop fans the outbox out into deliveries and claims due ones with <c>FOR UPDATE SKIP LOCKED</c>: any number of
/// instances share the work, each (event, endpoint) is attempted by one of them at a time, and a delivery whose
/// instance died is retried by any instance once its lease ends. Nothing lives only in memory: a wake-up that is lost
/// costs at most <see cref="WebhookOptions.PollSeconds"/>.
/// </summary>
public sealed class WebhookDispatcher : BackgroundService
{
    /// <summary>
    /// The NOTIFY is sent by the dispatcher, not by the writing transaction: PostgreSQL serializes notifying commits
    /// behind one global lock, which cost every API write its group commit while an endpoint existed.
    /// </summary>
    private static readonly TimeSpan NotifyEvery = TimeSpan.FromMilliseconds(100);
    private const int NotifyEvents = 1, NotifyEndpoints = 2;

    private readonly WebhookStore _store;
    private readonly ILogger<WebhookDispatcher> _logger;
    private readonly EndpointAccounts _endpointAccounts = new();
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private int _notifyOthers;
    private bool _backlog;
    private readonly Channel<(AttemptRecord Record, TaskCompletionSource Done)> _records =
        Channel.CreateUnbounded<(AttemptRecord, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });
    private DateTimeOffset _lastNotify = DateTimeOffset.MinValue;

    public WebhookDispatcher(WebhookStore store, OutboxSignal signal, IOptions<WebhookOptions> options, ILogger<WebhookDispatcher> logger)
    {
        _store = store;
        _logger = logger;
        _options = options.Value;
        _retries = options.Value.Retries();
        signal.Listen(OnCommitted);
    }

    private const int FanOutBatch = 500;
    private const int RecordBatch = 64;
    private const int ResponseExcerptLength = 500;
    private static readonly TimeSpan MinWait = TimeSpan.FromMilliseconds(20);

    private readonly WebhookOptions _options;
    private readonly IReadOnlyList<TimeSpan> _retries;
    private readonly WakeSignal _wake = new();
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        MaxConnectionsPerServer = 256,
        UseProxy = false,
    }) { Timeout = Timeout.InfiniteTimeSpan };
    private SemaphoreSlim? _slots;

    /// <summary>Asks the loop to look at the outbox and the due deliveries now.</summary>
    public void Wake() => _wake.Wake();

    /// <summary>Runs on the committing thread: only notes what to do and wakes the loop.</summary>
    private void OnCommitted(OutboxCommit commit)
    {
        var reasons = 0;
        if (commit.EndpointsChanged)
        {
            _endpointAccounts.Invalidate();
            reasons |= NotifyEndpoints;
        }
        if (_endpointAccounts.MayDeliverFor(commit.EventAccounts)) reasons |= NotifyEvents;
        if (reasons == 0) return;
        Interlocked.Or(ref _notifyOthers, reasons);
        Wake();
    }

    private void OnNotification(string payload)
    {
        var separator = payload.IndexOf(':');
        if (separator > 0 && payload.AsSpan(0, separator).SequenceEqual(_instance)) return;
        if (payload.EndsWith(":endpoints", StringComparison.Ordinal)) _endpointAccounts.Invalidate();
        Wake();
    }

    /// <summary>Tells the other instances, at most once per <see cref="NotifyEvery"/>; returns how long until it may again.</summary>
    private async Task<TimeSpan?> NotifyOthersAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _notifyOthers) == 0) return null;
        var since = DateTimeOffset.UtcNow - _lastNotify;
        if (since < NotifyEvery) return NotifyEvery - since;
        var reasons = Interlocked.Exchange(ref _notifyOthers, 0);
        _lastNotify = DateTimeOffset.UtcNow;
        await _store.NotifyAsync($"{_instance}:{((reasons & NotifyEndpoints) != 0 ? "endpoints" : "events")}", ct);
        return null;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled) return;
        _slots = new SemaphoreSlim(Math.Max(1, _options.MaxConcurrency));
        var listener = ListenAsync(stoppingToken);
        var recorder = RecordLoopAsync();
        var inFlight = new HashSet<Task>();
        Wake();
        var lastCycle = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = TimeSpan.FromSeconds(_options.PollSeconds);
            try
            {
                // Under load commits wake the loop far more often than it needs to look: at most one look per
                // CycleEvery gathers them (an event alone is still looked at at once).
                var sinceLast = DateTimeOffset.UtcNow - lastCycle;
                if (sinceLast < _options.CycleEvery) await Task.Delay(_options.CycleEvery - sinceLast, stoppingToken);
                lastCycle = DateTimeOffset.UtcNow;
                if (_endpointAccounts.IsStale) await _endpointAccounts.RefreshAsync(_store, stoppingToken);
                if (await NotifyOthersAsync(stoppingToken) is { } notifyIn && notifyIn < wait) wait = notifyIn;
                var free = _slots.CurrentCount;
                var cycle = await _store.CycleAsync(FanOutBatch, free, _options.Lease, stoppingToken);
                foreach (var delivery in cycle.Claimed)
                {
                    await _slots.WaitAsync(stoppingToken);
                    var task = DeliverAsync(delivery, stoppingToken);
                    lock (inFlight) inFlight.Add(task);
                    _ = task.ContinueWith(t => { lock (inFlight) inFlight.Remove(t); }, TaskScheduler.Default);
                }
                // More may be waiting: every slot was filled, or none was free (a finished delivery then wakes the loop).
                var backlog = cycle.Claimed.Count == free;
                Volatile.Write(ref _backlog, backlog);
                if (cycle.FannedOut == FanOutBatch || (backlog && free > 0)) continue;
                if (cycle.NextDue is { } due)
                {
                    var untilDue = due - DateTimeOffset.UtcNow;
                    if (untilDue < wait) wait = untilDue < TimeSpan.Zero ? TimeSpan.Zero : untilDue;
                }
                await WaitAsync(wait < MinWait ? MinWait : wait, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _logger.LogWarning("Webhook dispatch failed, retrying shortly: {Message}", e.Message);
                await SafeDelay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
        Task[] pending;
        lock (inFlight) pending = [.. inFlight];
        await Task.WhenAll(pending).ContinueWith(_ => { }, TaskScheduler.Default);
        _records.Writer.TryComplete();
        await Task.WhenAll(recorder, listener).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>
    /// Records finished attempts, as many as are waiting in one round trip and one commit. Sorted by key, so two
    /// instances' batches lock the same rows in the same order and cannot deadlock. A batch that fails is recorded one
    /// attempt at a time, so one bad row does not lose the others.
    /// </summary>
    private async Task RecordLoopAsync()
    {
        var reader = _records.Reader;
        var batch = new List<(AttemptRecord Record, TaskCompletionSource Done)>();
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < RecordBatch && reader.TryRead(out var item)) batch.Add(item);
            batch.Sort((a, b) => CompareKeys(a.Record.Delivery, b.Record.Delivery));
            try
            {
                await _store.RecordManyAsync([.. batch.Select(b => b.Record)], CancellationToken.None);
                foreach (var (_, done) in batch) done.TrySetResult();
            }
            catch (Exception) when (batch.Count > 1)
            {
                foreach (var (record, done) in batch)
                {
                    try
                    {
                        await _store.RecordManyAsync([record], CancellationToken.None);
                        done.TrySetResult();
                    }
                    catch (Exception e)
                    {
                        done.TrySetException(e);
                    }
                }
            }
            catch (Exception e)
            {
                foreach (var (_, done) in batch) done.TrySetException(e);
            }
        }
    }

    private static int CompareKeys(ClaimedDelivery a, ClaimedDelivery b)
    {
        var c = string.CompareOrdinal(a.AccountId, b.AccountId);
        if (c == 0) c = string.CompareOrdinal(a.EventId, b.EventId);
        return c != 0 ? c : string.CompareOrdinal(a.EndpointId, b.EndpointId);
    }

    private Task WaitAsync(TimeSpan wait, CancellationToken ct) => _wake.WaitAsync(wait, ct);

    private static async Task SafeDelay(TimeSpan delay, CancellationToken ct)
    {
        try { await Task.Delay(delay, ct); } catch (OperationCanceledException) { }
    }

    /// <summary>LISTEN on its own connection; each notification wakes the loop. Reconnects after a failure.</summary>
    private Task ListenAsync(CancellationToken ct) =>
        // Wake once listening: anything committed while nobody listened.
        PostgresListener.RunAsync(_store.DataSource, WebhookStore.Channel, OnNotification, Wake, _logger, "Webhook", ct);

    private async Task DeliverAsync(ClaimedDelivery delivery, CancellationToken ct)
    {
        try
        {
            await Task.Yield();
            var outcome = await SendAsync(delivery, ct);
            TimeSpan? retryIn = outcome.Success || delivery.Attempt > _retries.Count ? null : _retries[delivery.Attempt - 1];
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await _records.Writer.WriteAsync((new AttemptRecord(delivery, outcome, retryIn, Resend: false), done), CancellationToken.None);
            await done.Task;
            // A retry is due sooner than the loop may look again: let it read the next due time now.
            if (retryIn is not null) Wake();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: the lease ends and any instance retries it.
        }
        catch (Exception e)
        {
            _logger.LogWarning("Recording webhook delivery {Event} → {Endpoint} failed: {Message}", delivery.EventId, delivery.EndpointId, e.Message);
        }
        finally
        {
            _slots!.Release();
            if (Volatile.Read(ref _backlog)) Wake();
        }
    }

    /// <summary>One attempt: POST the event, signed, within the timeout. Used by the dispatcher and by resends.</summary>
    public async Task<AttemptOutcome> SendAsync(ClaimedDelivery d, CancellationToken ct)
    {
        var body = Body(d);
        var clock = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, d.Url)
            {
                Content = new StringContent(body, new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" }),
            };
            request.Headers.TryAddWithoutValidation("Stripe-Signature", WebhookSignature.TestModeHeader(d.Secret, body, DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
            request.Headers.TryAddWithoutValidation("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)");
            request.Headers.TryAddWithoutValidation("Accept", "*/*; q=0.5, application/xml");
            request.Headers.TryAddWithoutValidation("Cache-Control", "no-cache");
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            // Stripe judges an attempt by its status code alone and ignores the body: the excerpt is only for the
            // attempts route, so a body that breaks off or trickles past the timeout does not change the outcome.
            var status = (int)response.StatusCode;
            string? excerpt;
            try
            {
                excerpt = await ExcerptAsync(response, timeout.Token);
            }
            catch (Exception e) when (e is IOException or HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
            {
                excerpt = null;
            }
            return new AttemptOutcome(status is >= 200 and < 300, status, null, excerpt, (int)clock.ElapsedMilliseconds);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new AttemptOutcome(false, null, $"Timed out after {_options.TimeoutSeconds:0.###} s", null, (int)clock.ElapsedMilliseconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A refused or reset connection, a bad host, a malformed answer: a failed attempt, recorded and retried on
            // the schedule (not an unrecorded one retried only when its lease ends).
            return new AttemptOutcome(false, null, e.Message, null, (int)clock.ElapsedMilliseconds);
        }
    }

    private static async Task<string?> ExcerptAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[ResponseExcerptLength * 4];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), ct);
            if (n == 0) break;
            read += n;
        }
        if (read == 0) return null;
        var text = Encoding.UTF8.GetString(buffer, 0, read);
        return text.Length > ResponseExcerptLength ? text[..ResponseExcerptLength] : text;
    }

    /// <summary>The event as GET /v1/events renders it, stamped with the endpoint's api_version (shapes stay clover).</summary>
    public static string Body(ClaimedDelivery d)
    {
        var rendered = EventRenderer.Render(new EventRecord
        {
            AccountId = d.AccountId,
            Id = d.EventId,
            Created = d.Created,
            Type = d.Type,
            Data = d.Data,
            RequestId = d.RequestId,
            IdempotencyKey = d.IdempotencyKey,
            PendingWebhooks = d.PendingWebhooks,
        });
        rendered["api_version"] = d.ApiVersion ?? StripeVersion.Current;
        return rendered.ToJsonString(Wire.StripeJson.Options);
    }

    public override void Dispose()
    {
        _http.Dispose();
        _slots?.Dispose();
        base.Dispose();
    }
}

using Microsoft.Extensions.Options;
using Npgsql;
using PaymentRecords.Api.Billing;
using PaymentRecords.Api.Events;
using PaymentRecords.Api.Hosting;
using PaymentRecords.Application;
using PaymentRecords.Application.Scheduling;
using PaymentRecords.Persistence.Scheduling;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.Scheduling;

/// <summary>
/// Runs due work (docs/endpoints-test-clocks.md, docs/architecture.md "Time"). Everything it needs lives in PostgreSQL
/// — <c>due_work</c> rows written with the change that made them due, auto_advance drafts, test clocks being
/// advanced — so nothing is forgotten by a restart and any number of instances share the work: each item is claimed
/// with <c>FOR UPDATE SKIP LOCKED</c> and runs in one transaction with its deletion (<see cref="SchedulerUnit"/>).
/// Wall-clock work runs when its time comes; a clock being advanced runs, in time order, everything due on it up to
/// its target, one item per transaction (the clock's row lock keeps two instances from stepping one clock at once),
/// then turns ready. Woken by NOTIFY on <see cref="EfTestClockStore.Channel"/> (an advance), by the next due time, or
/// every <see cref="SchedulerOptions.PollSeconds"/>.
/// </summary>
public sealed class DueWorkScheduler(IServiceProvider services, SchedulerListener listener, IOptions<SchedulerOptions> options,
    IOptions<DunningOptions> dunning, ILogger<DueWorkScheduler> logger) : BackgroundService
{
    private readonly WakeSignal _wake = new();
    /// <summary>Drafts whose finalize failed, left alone for a while (a draft has no row to push back).</summary>
    private readonly Dictionary<string, DateTimeOffset> _failedDrafts = [];

    /// <summary>Asks the loop to look now.</summary>
    public void Wake() => _wake.Wake();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        var listen = ListenAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = TimeSpan.FromSeconds(options.Value.PollSeconds);
            try
            {
                while (await StepClockAsync(stoppingToken)) { }
                while (await StepWallAsync(stoppingToken)) { }
                if (await NextWallDueAsync(stoppingToken) is { } due)
                {
                    var until = DateTimeOffset.FromUnixTimeSeconds(due) - DateTimeOffset.UtcNow;
                    if (until < wait) wait = until < TimeSpan.FromMilliseconds(50) ? TimeSpan.FromMilliseconds(50) : until;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogWarning("Scheduler cycle failed, retrying shortly: {Message}", e.Message);
                wait = TimeSpan.FromSeconds(1);
            }
            await WaitAsync(wait, stoppingToken);
        }
        await listen.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>One step of one advancing clock: its next due item, or its end (ready). False: no clock to step.</summary>
    private async Task<bool> StepClockAsync(CancellationToken ct)
    {
        string? failedClock = null;
        try
        {
            await using var unit = await SchedulerUnit.BeginAsync(services, ct);
            var clock = await unit.ClaimAdvancingClockAsync(ct);
            if (clock is null) return false;
            failedClock = clock.Id;
            var work = await unit.NextOnClockAsync(clock, ct);
            if (work is null)
            {
                clock.FinishAdvance();
                var done = Context(unit, clock.AccountId, clock.FrozenTime);
                await done.Events.TestClockAsync(BillingOutcome.TestClockReady, clock);
            }
            else
            {
                clock.MoveTo(work.DueAt);
                await RunAsync(unit, work, clock.FrozenTime);
            }
            await unit.CommitAsync(ct);
            return true;
        }
        catch (Exception e) when (failedClock is not null && !ct.IsCancellationRequested && e is not NpgsqlException { IsTransient: true })
        {
            logger.LogError(e, "Advancing test clock {Clock} failed", failedClock);
            await FailClockAsync(failedClock, ct);
            return true;
        }
    }

    /// <summary>An item on the way failed: the clock stops in internal_failure (what Stripe shows, with <c>test_helpers.test_clock.internal_failure</c>), so the SDK's poll ends.</summary>
    private async Task FailClockAsync(string clockId, CancellationToken ct)
    {
        await using var unit = await SchedulerUnit.BeginAsync(services, ct);
        var clock = await unit.ClaimAdvancingClockAsync(ct);
        if (clock is null || clock.Id != clockId) return;
        clock.Fail();
        await Context(unit, clock.AccountId, clock.FrozenTime).Events.TestClockAsync(BillingOutcome.TestClockInternalFailure, clock);
        await unit.CommitAsync(ct);
    }

    /// <summary>One wall-clock item due now. False: nothing is due.</summary>
    private async Task<bool> StepWallAsync(CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var (id, until) in _failedDrafts.ToList())
            if (until < now) _failedDrafts.Remove(id);
        ClaimedWork? work = null;
        try
        {
            await using var unit = await SchedulerUnit.BeginAsync(services, ct);
            work = await unit.ClaimWallAsync(now.ToUnixTimeSeconds(), _failedDrafts.Keys.ToHashSet(), ct);
            if (work is null) return false;
            await RunAsync(unit, work, now.ToUnixTimeSeconds());
            await unit.CommitAsync(ct);
            return true;
        }
        catch (Exception e) when (work is not null && !ct.IsCancellationRequested)
        {
            logger.LogError(e, "Due work {Kind} {Object} failed", work.Kind, work.ObjectId);
            await PostponeAsync(work, ct);
            return true;
        }
    }

    /// <summary>A failed wall item waits a minute before it is tried again (a row's retry_at is set, its due_at kept; a draft is skipped in memory).</summary>
    private async Task PostponeAsync(ClaimedWork work, CancellationToken ct)
    {
        if (work.Row is null)
        {
            _failedDrafts[work.ObjectId] = DateTimeOffset.UtcNow.AddMinutes(1);
            return;
        }
        await using var unit = await SchedulerUnit.BeginAsync(services, ct);
        await unit.PostponeAsync(work.Row.Seq, 60, ct);
        await unit.CommitAsync(ct);
    }

    private async Task<long?> NextWallDueAsync(CancellationToken ct)
    {
        await using var unit = await SchedulerUnit.BeginAsync(services, ct);
        return await unit.NextWallDueAsync(ct);
    }

    /// <summary>Runs the item through the use cases at <paramref name="at"/>, on the unit's transaction, and deletes its row.</summary>
    private async Task RunAsync(SchedulerUnit unit, ClaimedWork work, long at)
    {
        var billing = Context(unit, work.AccountId, at);
        await new DueWorkRunner(billing, dunning.Value).RunAsync(work.Kind, work.ObjectId, work.DueAt, work.TestClockId);
        unit.Complete(work);
    }

    private BillingContext Context(SchedulerUnit unit, string accountId, long at)
    {
        var clock = new FrozenClock(DateTimeOffset.FromUnixTimeSeconds(at));
        var (rendering, stores, flush) = unit.For(accountId);
        var events = new BillingEvents(rendering, flush, new EventOrigin(accountId), clock, services.GetRequiredService<HostedInvoices.HostedInvoiceLinks>());
        return new BillingContext(accountId, new SharedClock(clock), stores, events);
    }

    private Task WaitAsync(TimeSpan wait, CancellationToken ct) => _wake.WaitAsync(wait, ct);

    /// <summary>LISTEN on its own connection; each notification wakes the loop. Reconnects after a failure.</summary>
    private Task ListenAsync(CancellationToken ct) =>
        PostgresListener.RunAsync(listener.Source, EfTestClockStore.Channel, _ => Wake(), Wake, logger, "Scheduler", ct);
}

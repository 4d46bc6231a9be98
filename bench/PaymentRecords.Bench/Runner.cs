using System.Diagnostics;
using HdrHistogram;
using PaymentRecords.Bench.Scenarios;

namespace PaymentRecords.Bench;

/// <summary>Latencies and error counts of one step (or of the whole flow), merged over workers.</summary>
internal sealed class StepStats(string name)
{
    // Microseconds, 1 µs .. 60 s, 3 significant digits (0.1% precision). Slower values are clamped.
    public const long HighestMicros = 60_000_000;

    public string Name { get; } = name;
    public LongHistogram Histogram { get; } = new(1, HighestMicros, 3);
    public long Errors { get; set; }

    public void Record(long micros) => Histogram.RecordValue(Math.Clamp(micros, 1, HighestMicros));

    public void Add(StepStats other)
    {
        Histogram.Add(other.Histogram);
        Errors += other.Errors;
    }
}

/// <summary>First failure seen, kept to show its body (the rest are only counted).</summary>
internal sealed record FirstError(string Step, int Status, string Body, bool DuringWarmup);

internal sealed record RunResult(
    IReadOnlyList<StepStats> Steps,
    StepStats Flow,
    double MeasuredSeconds,
    FirstError? FirstError,
    bool Cancelled);

/// <summary>
/// Runs a scenario: setup once, then N workers loop the flow for warm-up + duration. A request counts
/// if it starts after the warm-up; a flow counts if its first step does. Each worker records into its
/// own histograms (no locking on the hot path); they are merged once at the end.
/// </summary>
internal sealed class Runner(BenchOptions options, IScenario scenario, ApiClient client)
{
    private FirstError? _firstError;

    /// <summary>Runs the setup steps; returns the values they saved, or throws <see cref="SetupException"/>.</summary>
    public async Task<IReadOnlyDictionary<string, string>> SetupAsync(CancellationToken ct)
    {
        var ctx = new FlowContext(worker: -1);
        ctx.StartIteration(0);
        foreach (var step in scenario.Setup)
        {
            var r = await client.SendAsync(step, ctx, ct).ConfigureAwait(false);
            if (!r.Ok)
            {
                throw new SetupException($"setup step {step.Name} failed ({Describe(r.Status)}): {r.ErrorBody}");
            }
        }

        return ctx.Snapshot();
    }

    public async Task<RunResult> RunAsync(IReadOnlyDictionary<string, string> shared, CancellationToken ct)
    {
        var t0 = Stopwatch.GetTimestamp();
        var measureStart = t0 + Ticks(options.WarmupSeconds);
        var end = measureStart + Ticks(options.DurationSeconds);

        var workers = new WorkerStats[options.Clients];
        var tasks = new Task[options.Clients];
        for (var i = 0; i < workers.Length; i++)
        {
            var stats = workers[i] = new WorkerStats(scenario.Flow);
            var worker = i;
            tasks[i] = Task.Run(() => WorkerAsync(worker, stats, shared, measureStart, end, ct), CancellationToken.None);
        }

        var cancelled = false;
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            cancelled = true;
        }

        var finished = Stopwatch.GetTimestamp();
        var measured = Math.Max(0, finished - measureStart) / (double)Stopwatch.Frequency;

        var steps = scenario.Flow.Select(s => new StepStats(s.Name)).ToArray();
        var flow = new StepStats("flow");
        foreach (var w in workers)
        {
            for (var s = 0; s < steps.Length; s++)
            {
                steps[s].Add(w.Steps[s]);
            }

            flow.Add(w.Flow);
        }

        return new RunResult(steps, flow, measured, _firstError, cancelled || ct.IsCancellationRequested);
    }

    private async Task WorkerAsync(int worker, WorkerStats stats, IReadOnlyDictionary<string, string> shared,
        long measureStart, long end, CancellationToken ct)
    {
        var flow = scenario.Flow;
        var ctx = new FlowContext(worker, shared);
        for (long iteration = 0; Stopwatch.GetTimestamp() < end && !ct.IsCancellationRequested; iteration++)
        {
            ctx.StartIteration(iteration);
            long flowStart = 0;
            var flowOk = true;
            var complete = true;
            for (var s = 0; s < flow.Count; s++)
            {
                if (s > 0 && Stopwatch.GetTimestamp() >= end)
                {
                    complete = false; // time is up mid-flow: the partial flow is not counted
                    break;
                }

                StepResult r;
                try
                {
                    r = await client.SendAsync(flow[s], ctx, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }

                if (s == 0)
                {
                    flowStart = r.StartTicks;
                }

                var measuring = r.StartTicks >= measureStart;
                if (r.Ok)
                {
                    if (measuring)
                    {
                        stats.Steps[s].Record(r.Microseconds);
                    }

                    continue;
                }

                if (measuring)
                {
                    stats.Steps[s].Errors++;
                }

                Interlocked.CompareExchange(ref _firstError,
                    new FirstError(flow[s].Name, r.Status, r.ErrorBody ?? "", DuringWarmup: !measuring), null);
                flowOk = false;
                if (r.Transport)
                {
                    // Connection refused or timed out: don't spin; the figures are void anyway.
                    await Task.Delay(100, ct).ConfigureAwait(false);
                }

                break; // later steps need this step's id
            }

            if (!complete || flowStart < measureStart)
            {
                continue;
            }

            if (flowOk)
            {
                stats.Flow.Record((Stopwatch.GetTimestamp() - flowStart) * 1_000_000 / Stopwatch.Frequency);
            }
            else
            {
                stats.Flow.Errors++;
            }
        }
    }

    private static long Ticks(double seconds) => (long)(seconds * Stopwatch.Frequency);

    private static string Describe(int status) => status == 0 ? "no response" : $"HTTP {status}";

    private sealed class WorkerStats(IReadOnlyList<Step> flow)
    {
        public StepStats[] Steps { get; } = flow.Select(s => new StepStats(s.Name)).ToArray();
        public StepStats Flow { get; } = new("flow");
    }
}

internal sealed class SetupException(string message) : Exception(message);

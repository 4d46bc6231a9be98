using PaymentRecords.Bench;
using PaymentRecords.Bench.Scenarios;

// Commands other than a load run (RunCommandAsync, at the end: a usage error answers with the command's usage).
// Seeding one account with a million objects (Seeding/SeedMillion.cs).
if (args.Length > 0 && args[0] == "seed-million")
    return await RunCommandAsync(() => PaymentRecords.Bench.Seeding.SeedMillion.RunAsync(args),
        PaymentRecords.Bench.Seeding.SeedMillion.Usage);

// Bytes the server allocates per request (AllocMeter.cs).
if (args.Length > 0 && args[0] == "alloc")
    return await RunCommandAsync(() => AllocMeter.RunAsync(args), AllocMeter.Usage);

// The stack's floor under the single-client targets: bare Kestrel, optionally with one Npgsql round trip
// (FloorServer.cs).
if (args.Length > 0 && args[0] == "floor-server")
    return await RunCommandAsync(() => FloorServer.RunAsync(args), FloorServer.Usage);

// A one-off measurement, not a load scenario: a test clock advanced through a year (ClockYear.cs).
if (args.Length > 0 && args[0] == "clock-year")
    return await ClockYear.RunAsync(new Uri(args.Length > 2 && args[1] == "--url" ? args[2] : "http://127.0.0.1:12111"));

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (UsageException e)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}\n\n{BenchOptions.Usage}");
    return 2;
}

if (options.Help || options.List)
{
    if (options.Help)
    {
        Console.WriteLine(BenchOptions.Usage);
    }

    Console.WriteLine("scenarios:");
    foreach (var s in ScenarioRegistry.All)
    {
        Console.WriteLine($"  {s.Name,-18} {s.Description}");
        Console.WriteLine($"  {"",-18} steps: {string.Join(" -> ", s.Flow.Select(f => f.Name))}");
    }

    return 0;
}

var scenario = ScenarioRegistry.Find(options.Scenario!);
if (scenario is null)
{
    await Console.Error.WriteLineAsync(
        $"error: unknown scenario '{options.Scenario}'; known: {string.Join(", ", ScenarioRegistry.All.Select(s => s.Name))}");
    return 2;
}

// Every worker is an async loop; make sure the pool starts with enough threads for the first burst.
ThreadPool.GetMinThreads(out var minWorker, out var minIo);
ThreadPool.SetMinThreads(Math.Max(minWorker, options.Clients), Math.Max(minIo, options.Clients));

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // stop the workers and still print what was measured
    cts.Cancel();
};

using var client = new ApiClient(options.Url, options.ApiKey, options.Clients, TimeSpan.FromSeconds(options.TimeoutSeconds));
var runner = new Runner(options, scenario, client);
using var probe = options.Webhook ? new WebhookProbe() : null;
if (probe is not null)
{
    client.ResponseTimes = probe.Responses;
    await probe.CreateEndpointAsync(options.Url, options.ApiKey);
}

Console.WriteLine(
    $"PaymentRecords.Bench scenario={scenario.Name} url={options.Url.ToString().TrimEnd('/')} clients={options.Clients} " +
    $"warmup={options.WarmupSeconds}s duration={options.DurationSeconds}s key={options.ApiKey}{(options.KeyWasGiven ? "" : " (fresh)")}");
Console.WriteLine($"steps: {string.Join(" -> ", scenario.Flow.Select(f => f.Name))}");

IReadOnlyDictionary<string, string> shared;
try
{
    shared = await runner.SetupAsync(cts.Token);
}
catch (SetupException e)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    return 2;
}
catch (OperationCanceledException)
{
    return 2;
}

var result = await runner.RunAsync(shared, cts.Token);
var summary = Report.Summarize(options, scenario, result);

Console.WriteLine();
Console.Write(Report.Table(summary));
Console.WriteLine(
    $"measured {summary.MeasuredS:0.00}s: {summary.Requests} requests ({summary.RequestsPerS:0.0} req/s), {summary.Errors} errors" +
    (result.Cancelled ? " [interrupted]" : ""));
Console.WriteLine("latency: from sending the request to reading the whole response; successful requests only.");

if (result.FirstError is { } err)
{
    var body = err.Body.Length > 2000 ? err.Body[..2000] + "..." : err.Body;
    Console.WriteLine(
        $"first error{(err.DuringWarmup ? " (during warm-up)" : "")}: {err.Step} -> {(err.Status == 0 ? "no response" : $"HTTP {err.Status}")}: {body}");
}

if (options.HgrmDirectory is not null)
{
    Report.WriteHgrm(options.HgrmDirectory, scenario.Name, result);
    Console.WriteLine($"percentile distributions written to {Path.GetFullPath(options.HgrmDirectory)}");
}

if (probe is not null)
{
    await Task.Delay(TimeSpan.FromSeconds(2)); // the last events' deliveries
    Console.WriteLine(probe.Summary());
}

Console.WriteLine(Report.JsonLine(summary));
return summary.Errors > 0 ? 1 : 0;

// A command's run: exit code 2 with the message (and the usage, for a usage error) instead of a stack trace.
static async Task<int> RunCommandAsync(Func<Task<int>> run, string usage)
{
    try
    {
        return await run();
    }
    catch (UsageException e)
    {
        await Console.Error.WriteLineAsync($"error: {e.Message}\n\n{usage}");
        return 2;
    }
    catch (SetupException e)
    {
        await Console.Error.WriteLineAsync($"error: {e.Message}");
        return 2;
    }
}

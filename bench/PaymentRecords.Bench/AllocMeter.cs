using System.Globalization;
using System.Text.Json;
using PaymentRecords.Bench.Scenarios;

namespace PaymentRecords.Bench;

/// <summary>
/// <c>alloc</c>: bytes the server allocates per request. One client sends a scenario's flow back to back: a warm-up
/// (JIT, pools, caches), then the measured requests between two reads of the server's own allocation counter
/// (<c>GET /_diagnostics/allocations</c>, on when the server runs with <c>PaymentRecords__ExposeAllocations=true</c>).
/// The difference divided by the measured requests is the figure: everything the process allocated meanwhile, on
/// every thread (Kestrel, the request, Npgsql, the background services), as the runtime's allocation counter counts it.
/// Several scenarios are measured in interleaved rounds; the median per scenario is printed last.
/// </summary>
internal static class AllocMeter
{
    public const string Usage = """
        usage: dotnet run -c Release --project bench/PaymentRecords.Bench -- alloc \
                 [--url URL] [--scenario customer.retrieve,customer.create] [--requests 5000] [--warmup 2000]
                 [--rounds 3] [--key sk_test_...]

        The server must run with PaymentRecords__ExposeAllocations=true (it then answers GET /_diagnostics/allocations).
        Prints, per round and scenario, the bytes allocated by the server per request (and its GCs), then the medians.
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var url = new Uri(BenchOptions.DefaultUrl);
        string[] names = ["customer.retrieve", "customer.create"];
        var requests = 5000;
        var warmup = 2000;
        var rounds = 3;
        var key = BenchOptions.NewRandomKey();
        for (var i = 1; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new UsageException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--url": url = new Uri(Value().TrimEnd('/') + "/"); break;
                case "--scenario": names = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                case "--requests": requests = PositiveInt(Value()); break;
                case "--warmup": warmup = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = PositiveInt(Value()); break;
                case "--key": key = Value(); break;
                default: throw new UsageException($"unknown argument '{args[i]}'");
            }
        }

        var scenarios = names.Select(n => ScenarioRegistry.Find(n) ?? throw new UsageException($"unknown scenario '{n}'")).ToList();
        using var client = new ApiClient(url, key, 1, TimeSpan.FromSeconds(60));
        using var probe = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = url };
        if (await ReadAsync(probe) is null)
        {
            await Console.Error.WriteLineAsync($"error: {url}_diagnostics/allocations does not answer: start the server with PaymentRecords__ExposeAllocations=true");
            return 2;
        }

        Console.WriteLine($"PaymentRecords.Bench alloc url={url.ToString().TrimEnd('/')} requests={requests} warmup={warmup} rounds={rounds} key={key}");
        var figures = scenarios.ToDictionary(s => s.Name, _ => new List<double>());
        var idle = await IdleRateAsync(probe);
        Console.WriteLine($"idle: {idle:0} bytes/s allocated by the server with no requests (background services)");
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var scenario in scenarios)
            {
                var ctx = new FlowContext(worker: 0, await SetupAsync(client, scenario));
                await SendAsync(client, scenario, ctx, warmup);
                var before = (await ReadAsync(probe))!.Value;
                var sent = await SendAsync(client, scenario, ctx, requests);
                var after = (await ReadAsync(probe))!.Value;
                var perRequest = (after.Bytes - before.Bytes) / (double)sent;
                figures[scenario.Name].Add(perRequest);
                Console.WriteLine(FormattableString.Invariant(
                    $"round {round} {scenario.Name,-20} {perRequest / 1024,9:0.0} KB/request  ({sent} requests, {after.Bytes - before.Bytes} bytes, gen0 {after.Gen0 - before.Gen0} gen1 {after.Gen1 - before.Gen1} gen2 {after.Gen2 - before.Gen2})"));
            }
        }

        foreach (var (name, values) in figures)
        {
            values.Sort();
            Console.WriteLine(FormattableString.Invariant(
                $"median {name,-20} {values[values.Count / 2] / 1024,9:0.0} KB/request  (min {values[0] / 1024:0.0}, max {values[^1] / 1024:0.0})"));
        }

        return 0;
    }

    private static int PositiveInt(string s) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new UsageException($"'{s}' must be an integer > 0");

    private static async Task<IReadOnlyDictionary<string, string>> SetupAsync(ApiClient client, IScenario scenario)
    {
        var ctx = new FlowContext(worker: -1);
        ctx.StartIteration(0);
        foreach (var step in scenario.Setup)
        {
            var r = await client.SendAsync(step, ctx, CancellationToken.None);
            if (!r.Ok) throw new SetupException($"setup step {step.Name} failed ({r.Status}): {r.ErrorBody}");
        }
        return ctx.Snapshot();
    }

    /// <summary>Sends the flow until <paramref name="count"/> requests went out (the last flow may be cut short); counts them.</summary>
    private static async Task<int> SendAsync(ApiClient client, IScenario scenario, FlowContext ctx, int count)
    {
        var sent = 0;
        for (long iteration = 0; sent < count; iteration++)
        {
            ctx.StartIteration(iteration);
            foreach (var step in scenario.Flow)
            {
                if (sent == count) break;
                var r = await client.SendAsync(step, ctx, CancellationToken.None);
                sent++;
                if (!r.Ok) throw new SetupException($"{step.Name} failed ({r.Status}): {r.ErrorBody}");
            }
        }
        return sent;
    }

    private static async Task<double> IdleRateAsync(HttpClient probe)
    {
        var before = (await ReadAsync(probe))!.Value;
        await Task.Delay(TimeSpan.FromSeconds(2));
        var after = (await ReadAsync(probe))!.Value;
        return (after.Bytes - before.Bytes) / 2.0;
    }

    private readonly record struct Counters(long Bytes, int Gen0, int Gen1, int Gen2);

    private static async Task<Counters?> ReadAsync(HttpClient probe)
    {
        try
        {
            using var response = await probe.GetAsync("_diagnostics/allocations");
            if (!response.IsSuccessStatusCode) return null;
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var root = doc.RootElement;
            return new Counters(root.GetProperty("allocated_bytes").GetInt64(), root.GetProperty("gen0_collections").GetInt32(),
                root.GetProperty("gen1_collections").GetInt32(), root.GetProperty("gen2_collections").GetInt32());
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException)
        {
            return null;
        }
    }
}

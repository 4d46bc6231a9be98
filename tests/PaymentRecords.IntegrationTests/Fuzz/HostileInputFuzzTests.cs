using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace PaymentRecords.IntegrationTests.Fuzz;

/// <summary>
/// A bounded, seeded fuzzer: named classes of hostile input, each sent to every Stripe route the server maps
/// (read from its endpoint data source, so a new route is fuzzed without editing this file), over raw sockets so
/// nothing normalises the bytes. Path parameters get ids of real objects in some requests and garbage in others.
/// Every answer must be below 500, and every error must be Stripe's envelope (<c>{"error":{"type","message"}}</c>).
/// Every class except <c>duplicate_keys</c> is hostile: its requests must be refused (4xx), not accepted.
/// Reproduce a run with <c>FUZZ_SEED=&lt;seed&gt;</c>; the seed and the counts per class are in the test output.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class HostileInputFuzzTests(ServerFixture fixture, ITestOutputHelper output)
{
    private const int DefaultSeed = 20261129;
    private const int MaxRequests = 2500;
    private static readonly TimeSpan ExtraRoundsBudget = TimeSpan.FromSeconds(4);

    /// <summary>One generated request and whether the server may accept it.</summary>
    private sealed record Outcome(FuzzRequest Request, RawResponse? Response, string? Failure, double Milliseconds);

    private sealed record FuzzRequest(string Class, string Method, string Target, string[] Headers, byte[]? Body, bool MustBeRefused)
    {
        public byte[] ToBytes()
        {
            var head = new StringBuilder($"{Method} {Target} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            foreach (var h in Headers) head.Append(h).Append("\r\n");
            if (Body is not null) head.Append("Content-Length: ").Append(Body.Length).Append("\r\n");
            head.Append("Connection: close\r\n\r\n");
            return [.. Encoding.Latin1.GetBytes(head.ToString()), .. Body ?? []];
        }

        public string Describe() => $"{Class}: {Method} {Excerpt(Target)} [{string.Join("; ", Headers.Select(Excerpt))}] {Excerpt(Body is null ? "" : Encoding.UTF8.GetString(Body))}";
    }

    private sealed class Context
    {
        public required IReadOnlyList<StripeRoute> Routes { get; init; }
        public required IReadOnlyDictionary<string, string> RealIds { get; init; }
        public required string ApiKey { get; init; }
        public required ILookup<string, string> MethodsByPattern { get; init; }
    }

    private delegate FuzzRequest Generator(Random rng, StripeRoute route, Context ctx);

    private static readonly (string Name, Generator Make)[] Classes =
    [
        ("bad_percent_encoding", BadPercentEncoding),
        ("huge_ids", HugeIds),
        ("metadata_3000_keys", ThousandsOfMetadataKeys),
        ("deep_brackets_500", DeepBrackets),
        ("extreme_indexes", ExtremeIndexes),
        ("conflicting_keys", ConflictingKeys),
        ("duplicate_keys", DuplicateKeys),
        ("wrong_content_type", WrongContentType),
        ("bad_auth", BadAuth),
        ("wrong_method", WrongMethod),
        ("malformed_framing", MalformedFraming),
        ("oversized", Oversized),
    ];

    [Fact]
    public async Task Hostile_input_to_every_route_gets_no_5xx_and_only_Stripe_shaped_errors()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), out var s) ? s : DefaultSeed;
        var rng = new Random(seed);
        var ctx = await PrepareAsync();
        var unexpectedBefore = UnexpectedErrorsLogged();
        Assert.True(ctx.Routes.Count >= 40, $"Only {ctx.Routes.Count} Stripe routes found in the endpoint data source");

        // Every class against every route once, then random (class, route) pairs while the budget lasts.
        var requests = new List<FuzzRequest>();
        foreach (var (_, make) in Classes)
            foreach (var route in ctx.Routes)
                requests.Add(make(rng, route, ctx));
        var extra = new List<FuzzRequest>();
        while (requests.Count + extra.Count < MaxRequests)
        {
            var (_, make) = Classes[rng.Next(Classes.Length)];
            extra.Add(make(rng, ctx.Routes[rng.Next(ctx.Routes.Count)], ctx));
        }

        var clock = Stopwatch.StartNew();
        var results = new ConcurrentBag<Outcome>();
        await SendAllAsync(requests, results);
        var everyPairDone = clock.Elapsed;
        var extraSent = 0;
        for (var i = 0; i < extra.Count && clock.Elapsed - everyPairDone < ExtraRoundsBudget; i += 50)
        {
            var batch = extra.Skip(i).Take(50).ToList();
            await SendAllAsync(batch, results);
            extraSent += batch.Count;
        }

        output.WriteLine($"seed {seed}: {ctx.Routes.Count} routes, {requests.Count} requests covering every class x route, then {extraSent} random ones, in {clock.Elapsed.TotalSeconds:F1} s");
        foreach (var group in results.GroupBy(r => r.Request.Class).OrderBy(g => Array.FindIndex(Classes, c => c.Name == g.Key)))
        {
            var statuses = group.GroupBy(r => r.Response?.Status ?? 0).OrderBy(g => g.Key).Select(g => $"{g.Key}x{g.Count()}");
            output.WriteLine($"  {group.Key,-22} {group.Count(),5} sent  {group.Count(r => r.Failure is not null),3} failed  {group.Average(r => r.Milliseconds),6:F1} ms avg  statuses: {string.Join(" ", statuses)}");
        }

        var failures = results.Where(r => r.Failure is not null).ToList();
        foreach (var f in failures.Take(40)) output.WriteLine($"FAIL {f.Failure} <- {f.Request.Describe()}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {results.Count} fuzz requests failed; first: {failures.FirstOrDefault()?.Failure} <- {failures.FirstOrDefault()?.Request.Describe()}");
        Assert.Equal(unexpectedBefore, UnexpectedErrorsLogged());
    }

    private int UnexpectedErrorsLogged() =>
        fixture.Server.Errors.Entries.Count(e => e.Message.Contains("Unexpected error", StringComparison.Ordinal));

    private async Task SendAllAsync(IEnumerable<FuzzRequest> requests, ConcurrentBag<Outcome> results)
    {
        using var gate = new SemaphoreSlim(4);
        await Task.WhenAll(requests.Select(async request =>
        {
            await gate.WaitAsync();
            try
            {
                RawResponse response;
                var watch = Stopwatch.StartNew();
                try
                {
                    response = await RawHttp.SendAsync(fixture.Server.BaseAddress, request.ToBytes());
                }
                catch (Exception e) when (e is InvalidOperationException or IOException or OperationCanceledException or System.Net.Sockets.SocketException)
                {
                    results.Add(new Outcome(request, null, $"no answer ({e.GetType().Name}: {Excerpt(e.Message)})", watch.Elapsed.TotalMilliseconds));
                    return;
                }
                results.Add(new Outcome(request, response, Judge(request, response), watch.Elapsed.TotalMilliseconds));
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    private static string? Judge(FuzzRequest request, RawResponse response)
    {
        if (response.Status >= 500) return $"{response.Status} {Excerpt(response.Body)}";
        if (response.Status >= 400)
            return response.StripeError() is null ? $"{response.Status} without Stripe's error envelope: {Excerpt(response.Body)}" : null;
        if (request.MustBeRefused) return $"{response.Status} accepted a hostile request: {Excerpt(response.Body)}";
        return response.Status == 200 && response.Body.StartsWith('{') ? null : $"{response.Status} unexpected: {Excerpt(response.Body)}";
    }

    private static string Excerpt(string s) => s.Length > 160 ? s[..160] + $"…({s.Length} chars)" : s;

    // ---- the server's routes and a few real objects

    private async Task<Context> PrepareAsync()
    {
        var routes = fixture.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<StripeRoute>())
            .OfType<StripeRoute>()
            .OrderBy(r => r.Pattern, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)
            .ToList();

        var client = fixture.Client();
        var ids = new Dictionary<string, string>();
        var customer = (await client.PostAsync("/v1/customers", ("email", "fuzz@example.com"), ("balance", "-500"))).AssertOk().Id;
        ids["customers"] = customer;
        var invoice = (await client.PostAsync("/v1/invoices", ("customer", customer))).AssertOk().Id;
        ids["invoices"] = invoice;
        ids["invoiceitems"] = (await client.PostAsync("/v1/invoiceitems", ("customer", customer), ("invoice", invoice), ("amount", "5000"), ("currency", "usd"))).AssertOk().Id;
        var record = (await client.PostAsync("/v1/payment_records/report_payment",
            ("amount_requested[currency]", "usd"), ("amount_requested[value]", "5000"), ("initiated_at", "1730000000"),
            ("payment_method_details[type]", "custom"), ("payment_method_details[custom][display_name]", "Wire"),
            ("outcome", "guaranteed"), ("guaranteed[guaranteed_at]", "1730000100"))).AssertOk();
        ids["payment_records"] = record.Id;
        if (record.Body["latest_payment_attempt_record"]?.GetValue<string>() is { } attempt) ids["payment_attempt_records"] = attempt;
        if ((await client.GetAsync("/v1/events")).Body["data"]?.AsArray().FirstOrDefault()?["id"]?.GetValue<string>() is { } evt) ids["events"] = evt;
        if ((await client.GetAsync($"/v1/customers/{customer}/balance_transactions")).Body["data"]?.AsArray().FirstOrDefault()?["id"]?.GetValue<string>() is { } txn)
            ids["balance_transactions"] = txn;

        return new Context
        {
            Routes = routes,
            RealIds = ids,
            ApiKey = client.ApiKey,
            MethodsByPattern = routes.ToLookup(r => r.Pattern, r => r.Method),
        };
    }

    private static readonly string[] GarbageIds =
        ["nope", "cus_doesnotexist", "in_0", "%2F..%2F", "%25", "a%20b", "%C3%AFd", "-1", "0", "null", "%7B%7D", "x%2Ey"];

    /// <summary>The route's pattern with each {param} replaced by a real id (when one is held) or garbage.</summary>
    private static string ConcretePath(Random rng, StripeRoute route, Context ctx, string? forcedId = null)
    {
        var segments = route.Pattern.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (!segments[i].StartsWith('{')) continue;
            var collection = i > 0 ? segments[i - 1] : "";
            segments[i] = forcedId
                ?? (rng.Next(2) == 0 && ctx.RealIds.TryGetValue(collection, out var real) ? real : GarbageIds[rng.Next(GarbageIds.Length)]);
        }
        return string.Join('/', segments);
    }

    private static bool HasPathParams(StripeRoute route) => route.Pattern.Contains('{');

    private static string SomeParamName(Random rng, StripeRoute route)
    {
        var names = route.Operation.Parameters.Select(p => p.Name).ToList();
        return names.Count == 0 || rng.Next(4) == 0 ? "metadata" : names[rng.Next(names.Count)];
    }

    private static string[] Auth(Context ctx) => [$"Authorization: Bearer {ctx.ApiKey}", "Stripe-Version: 2025-10-29.clover"];

    /// <summary>Parameters in the query for GET, in the form body (sometimes the query) otherwise.</summary>
    private static FuzzRequest WithParams(Random rng, string cls, StripeRoute route, string path, string encoded, Context ctx,
        bool mustBeRefused = true, string[]? extraHeaders = null)
    {
        var headers = Auth(ctx).Concat(extraHeaders ?? []).ToArray();
        if (route.Method == "GET" || rng.Next(5) == 0)
            return new FuzzRequest(cls, route.Method, path + "?" + encoded, headers, null, mustBeRefused);
        return new FuzzRequest(cls, route.Method, path, [.. headers, "Content-Type: application/x-www-form-urlencoded"],
            Encoding.ASCII.GetBytes(encoded), mustBeRefused);
    }

    private static string Key(string name) => Uri.EscapeDataString(name);

    // ---- the classes

    private static readonly string[] BadEscapes = ["%", "%zz", "%4", "%G1", "%FF", "%C0%AF", "%ED%A0%80", "%E2%82", "%F8%88%80%80%80", "abc%", "%%41"];

    private static FuzzRequest BadPercentEncoding(Random rng, StripeRoute route, Context ctx)
    {
        var bad = BadEscapes[rng.Next(BadEscapes.Length)];
        var name = Key(SomeParamName(rng, route));
        var pair = rng.Next(3) == 0 ? $"{name}{bad}=x" : $"{name}=v{bad}";
        return WithParams(rng, "bad_percent_encoding", route, ConcretePath(rng, route, ctx), pair, ctx);
    }

    private static FuzzRequest HugeIds(Random rng, StripeRoute route, Context ctx)
    {
        var huge = new string('x', rng.Next(2) == 0 ? 20_000 : 60_000);
        var prefix = new[] { "cus_", "in_", "pr_", "" }[rng.Next(4)];
        if (HasPathParams(route) && rng.Next(3) != 0)
            return new FuzzRequest("huge_ids", route.Method, ConcretePath(rng, route, ctx, prefix + huge), Auth(ctx), null, true);
        var name = new[] { "customer", "invoice", "starting_after", "ending_before", "payment_record" }[rng.Next(5)];
        return WithParams(rng, "huge_ids", route, ConcretePath(rng, route, ctx), $"{name}={prefix}{huge}", ctx);
    }

    private static FuzzRequest ThousandsOfMetadataKeys(Random rng, StripeRoute route, Context ctx)
    {
        var pairs = Enumerable.Range(0, 3000).Select(i => $"metadata[k{i}]={i % 10}");
        return WithParams(rng, "metadata_3000_keys", route, ConcretePath(rng, route, ctx), string.Join('&', pairs), ctx);
    }

    private static FuzzRequest DeepBrackets(Random rng, StripeRoute route, Context ctx)
    {
        var name = SomeParamName(rng, route);
        var inner = new[] { "[a]", "[0]", "[]" }[rng.Next(3)];
        var key = name + string.Concat(Enumerable.Repeat(inner, 500));
        return WithParams(rng, "deep_brackets_500", route, ConcretePath(rng, route, ctx), $"{Key(key)}=1", ctx);
    }

    private static readonly string[] BadIndexes = ["-1", "-2147483649", "2147483648", "99999999999999999999", "1e3", " 1", "0x10", "+1", "1.5", "٣"];

    private static FuzzRequest ExtremeIndexes(Random rng, StripeRoute route, Context ctx)
    {
        var arrays = route.Operation.Parameters.Where(p => p.Kind == ParamKind.Array).Select(p => p.Name).DefaultIfEmpty("expand").ToList();
        var name = arrays[rng.Next(arrays.Count)];
        var index = BadIndexes[rng.Next(BadIndexes.Length)];
        var pair = rng.Next(2) == 0 ? $"{Key($"{name}[{index}]")}=x" : $"{Key($"{name}[0]")}=x&{Key($"{name}[{index}]")}=y";
        return WithParams(rng, "extreme_indexes", route, ConcretePath(rng, route, ctx), pair, ctx);
    }

    /// <summary>Shapes Rack refuses: a key given as a value and then as a hash or list, or as a list and a hash.</summary>
    private static FuzzRequest ConflictingKeys(Random rng, StripeRoute route, Context ctx)
    {
        var p = SomeParamName(rng, route);
        var pair = rng.Next(5) switch
        {
            0 => $"{Key(p)}=1&{Key(p + "[a]")}=2",
            1 => $"{Key(p)}=1&{Key(p + "[]")}=2",
            2 => $"{Key(p + "[]")}=1&{Key(p + "[a]")}=2",
            3 => $"{Key(p + "[a]")}=1&{Key(p + "[]")}=2",
            _ => $"{Key(p + "[a]")}=1&{Key(p + "[a][b]")}=2",
        };
        return WithParams(rng, "conflicting_keys", route, ConcretePath(rng, route, ctx), pair, ctx);
    }

    /// <summary>The same key twice: the last value wins (as in Rack), so a 200 is fine when that value is valid.</summary>
    private static FuzzRequest DuplicateKeys(Random rng, StripeRoute route, Context ctx)
    {
        var p = SomeParamName(rng, route);
        var values = new[] { "1", "", "x", "true", "-1", "usd" };
        var pair = $"{Key(p)}={values[rng.Next(values.Length)]}&{Key(p)}={values[rng.Next(values.Length)]}";
        return WithParams(rng, "duplicate_keys", route, ConcretePath(rng, route, ctx), pair, ctx, mustBeRefused: false);
    }

    private static readonly (string Type, string Body)[] WrongTypes =
    [
        ("application/json", "{\"email\":\"a@example.com\",\"metadata\":{\"a\":\"b\"}}"),
        ("text/plain", "email=a%40example.com"),
        ("multipart/form-data; boundary=zz", "--zz\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\na@example.com\r\n--zz--\r\n"),
        ("application/xml", "<email>a@example.com</email>"),
        ("application/x-www-form-urlencodedX", "email=a%40example.com"),
        ("garbage/;;;=", "email=a%40example.com"),
        ("application/octet-stream", "\u0000\u0001\u0002"),
    ];

    private static FuzzRequest WrongContentType(Random rng, StripeRoute route, Context ctx)
    {
        var (type, body) = WrongTypes[rng.Next(WrongTypes.Length)];
        return new FuzzRequest("wrong_content_type", route.Method, ConcretePath(rng, route, ctx), [.. Auth(ctx), $"Content-Type: {type}"],
            Encoding.UTF8.GetBytes(body), true);
    }

    private static FuzzRequest BadAuth(Random rng, StripeRoute route, Context ctx)
    {
        var b64 = (string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));
        string[] variants =
        [
            "",
            "Authorization: Bearer",
            "Authorization: Bearer sk_live_" + new string('a', 24),
            "Authorization: Bearer rk_live_" + new string('b', 24),
            "Authorization: Bearer pk_test_" + new string('c', 24),
            "Authorization: Bearer sk_test_" + new string('d', 300),
            "Authorization: Bearer sk_test_\u00e9\u00e9",
            "Authorization: Basic !!!not-base64!!!",
            "Authorization: Basic " + b64("sk_live_abc:"),
            "Authorization: Basic " + b64(":sk_test_abc"),
            "Authorization: Token " + ctx.ApiKey,
            "Authorization: " + ctx.ApiKey,
            "Authorization: Bearer sk_test_a\r\nAuthorization: Bearer sk_test_b",
            "Authorization: Bearer " + ctx.ApiKey + "\r\nStripe-Version: yesterday",
            "Authorization: Bearer " + ctx.ApiKey + "\r\nStripe-Version: 2025-13-45",
        ];
        var header = variants[rng.Next(variants.Length)];
        return new FuzzRequest("bad_auth", route.Method, ConcretePath(rng, route, ctx), header.Length == 0 ? [] : [header], null, true);
    }

    private static readonly string[] Methods = ["GET", "POST", "DELETE", "PUT", "PATCH", "OPTIONS", "TRACE", "FOO", "get", "PROPFIND"];

    private static FuzzRequest WrongMethod(Random rng, StripeRoute route, Context ctx)
    {
        var mapped = ctx.MethodsByPattern[route.Pattern].ToHashSet();
        var wrong = Methods.Where(m => !mapped.Contains(m)).ToList();
        var method = wrong[rng.Next(wrong.Count)];
        return new FuzzRequest("wrong_method", method, ConcretePath(rng, route, ctx), Auth(ctx), method is "POST" or "PUT" or "PATCH" ? [] : null, true);
    }

    /// <summary>What Kestrel refuses itself; its bare answer must have been rewritten into Stripe's envelope.</summary>
    private static FuzzRequest MalformedFraming(Random rng, StripeRoute route, Context ctx)
    {
        var path = ConcretePath(rng, route, ctx);
        return (rng.Next(6)) switch
        {
            0 => new FuzzRequest("malformed_framing", route.Method, path + "\0x", Auth(ctx), null, true),
            1 => new FuzzRequest("malformed_framing", route.Method, path + " x", Auth(ctx), null, true),
            2 => new FuzzRequest("malformed_framing", route.Method, path, [.. Auth(ctx), rng.Next(2) == 0 ? "X-Bad: a\0b" : "X-Bad: a\rb"], null, true),
            3 => new FuzzRequest("malformed_framing", route.Method, path, [.. Auth(ctx), rng.Next(2) == 0 ? "Bad Name: v" : "X-B\u00e9d: v"], null, true),
            4 => new FuzzRequest("malformed_framing", route.Method, path, [.. Auth(ctx), "Content-Length: 5", "Content-Length: 6"], null, true),
            _ => new FuzzRequest("malformed_framing", route.Method, path, [.. Auth(ctx), "Transfer-Encoding: chunked, gzip"], null, true),
        };
    }

    /// <summary>Over the documented limits: a 70 KB query, 70 KB of headers, 1,001 header fields, a 30 MB body.</summary>
    private static FuzzRequest Oversized(Random rng, StripeRoute route, Context ctx)
    {
        var path = ConcretePath(rng, route, ctx);
        var readsBody = route.Method is "POST" or "DELETE";
        return rng.Next(readsBody ? 4 : 3) switch
        {
            0 => new FuzzRequest("oversized", route.Method, path + "?expand[]=" + new string('e', 70 * 1024), Auth(ctx), null, true),
            1 => new FuzzRequest("oversized", route.Method, path, [.. Auth(ctx), "X-Pad: " + new string('p', 70 * 1024)], null, true),
            2 => new FuzzRequest("oversized", route.Method, path, [.. Auth(ctx), .. Enumerable.Range(0, HttpLimits.MaxRequestHeaderCount + 1).Select(i => $"X-H{i}: v")], null, true),
            // Claims more than the limit and sends nothing: the refusal must come as soon as the body is read.
            _ => new FuzzRequest("oversized", route.Method, path,
                [.. Auth(ctx), "Content-Type: application/x-www-form-urlencoded", $"Content-Length: {HttpLimits.MaxRequestBodyBytes + 1}"], null, true),
        };
    }
}

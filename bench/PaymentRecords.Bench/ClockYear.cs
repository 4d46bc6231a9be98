using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace PaymentRecords.Bench;

/// <summary>
/// <c>clock-year</c>: one test clock with 3 customers on a monthly send_invoice subscription each, advanced through a
/// year in six advances (two months each, the most Stripe allows), each polled until ready as the SDKs do. Prints the
/// time of each advance (request to ready) and the total; setup is not timed. Usage:
/// <c>dotnet run -c Release --project bench/PaymentRecords.Bench -- clock-year [--url URL]</c>.
/// </summary>
public static class ClockYear
{
    public static async Task<int> RunAsync(Uri url)
    {
        using var http = new HttpClient { BaseAddress = url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sk_test_benchclock" + Guid.NewGuid().ToString("N")[..12]);
        http.DefaultRequestHeaders.Add("Stripe-Version", ApiClient.StripeVersion);
        var anchor = new DateTimeOffset(2027, 1, 31, 0, 0, 0, TimeSpan.Zero);
        var product = await PostAsync(http, "/v1/products", ("name", "bench"));
        var price = await PostAsync(http, "/v1/prices", ("product", product), ("currency", "usd"), ("unit_amount", "2500"), ("recurring[interval]", "month"));
        var clock = await PostAsync(http, "/v1/test_helpers/test_clocks", ("frozen_time", S(anchor)));
        for (var i = 0; i < 3; i++)
        {
            var customer = await PostAsync(http, "/v1/customers", ("test_clock", clock));
            await PostAsync(http, "/v1/subscriptions", ("customer", customer), ("items[0][price]", price), ("collection_method", "send_invoice"), ("days_until_due", "30"));
        }
        var total = Stopwatch.StartNew();
        var at = anchor;
        for (var step = 1; step <= 6; step++)
        {
            // Two months from the frozen time is the most one advance may move (Nov 30 → Jan 30).
            var next = anchor.AddMonths(2 * step);
            at = next < at.AddMonths(2) ? next : at.AddMonths(2);
            var one = Stopwatch.StartNew();
            await PostAsync(http, $"/v1/test_helpers/test_clocks/{clock}/advance", ("frozen_time", S(at)));
            while (true)
            {
                var status = (await GetAsync(http, $"/v1/test_helpers/test_clocks/{clock}"))["status"]!.GetValue<string>();
                if (status == "ready") break;
                if (status != "advancing") throw new InvalidOperationException($"clock {clock} is {status}");
                // As the stripe-node scripts poll (tests/sdk-node/clock-kit.js): each poll is a request the server
                // serves on the same two cores as the advance.
                await Task.Delay(20);
            }
            Console.WriteLine($"advance {step} to {at:yyyy-MM-dd}: {one.ElapsedMilliseconds} ms");
        }
        Console.WriteLine($"clock-year: 3 customers, 6 advances, 33 renewals: {total.ElapsedMilliseconds} ms in all");
        return 0;
    }

    private static string S(DateTimeOffset t) => t.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static async Task<string> PostAsync(HttpClient http, string path, params (string, string)[] form)
    {
        using var response = await http.PostAsync(path, new FormUrlEncodedContent(form.Select(f => KeyValuePair.Create(f.Item1, f.Item2))));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!["id"]!.GetValue<string>();
    }

    private static async Task<JsonObject> GetAsync(HttpClient http, string path)
    {
        var body = await http.GetStringAsync(path);
        return JsonNode.Parse(body)!.AsObject();
    }
}

using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.Subscriptions;

namespace PaymentRecords.IntegrationTests.TestClocks;

/// <summary>Test clock steps over raw HTTP: a clock, a customer on it, an advance polled until ready.</summary>
internal sealed class ClockKit(StripeTestClient client)
{
    public static readonly DateTimeOffset Jan31 = new(2027, 1, 31, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Jan10 = new(2027, 1, 10, 0, 0, 0, TimeSpan.Zero);

    public StripeTestClient Client { get; } = client;
    public SubscriptionKit Subs { get; } = new(client);

    public async Task<string> ClockAsync(DateTimeOffset frozen) =>
        (await Client.PostAsync("/v1/test_helpers/test_clocks", ("frozen_time", S(frozen)))).AssertOk().Id;

    /// <summary>A customer on the clock with a custom payment method attached.</summary>
    public async Task<(string Customer, string PaymentMethod)> CustomerAsync(string clock)
    {
        var customer = (await Client.PostAsync("/v1/customers", ("email", "clock@example.com"), ("test_clock", clock))).AssertOk().Id;
        var pm = (await Client.PostAsync("/v1/payment_methods", PaymentMethods.PaymentMethodTests.Custom())).AssertOk().Id;
        (await Client.PostAsync($"/v1/payment_methods/{pm}/attach", ("customer", customer))).AssertOk();
        return (customer, pm);
    }

    /// <summary>A subscription paid on session (the guide's first invoice), active, with the custom payment method as its default.</summary>
    public async Task<string> ActiveSubscriptionAsync(string customer, string pm, string price)
    {
        var created = (await Subs.CreateAsync(customer, price, ("default_payment_method", pm))).AssertOk().Body;
        var record = await Subs.ReportAsync(customer, pm, 2500);
        (await Subs.AttachAsync(created["latest_invoice"]!["id"]!.GetValue<string>(), record)).AssertOk();
        return created["id"]!.GetValue<string>();
    }

    public async Task<JsonObject> AdvanceAsync(string clock, DateTimeOffset to, StripeTestClient? via = null)
    {
        var body = (await (via ?? Client).PostAsync($"/v1/test_helpers/test_clocks/{clock}/advance", ("frozen_time", S(to)))).AssertOk().Body;
        Assert.Equal("advancing", body["status"]!.GetValue<string>());
        return await WaitReadyAsync(clock);
    }

    public async Task<JsonObject> WaitReadyAsync(string clock)
    {
        for (var i = 0; i < 600; i++)
        {
            var body = (await Client.GetAsync($"/v1/test_helpers/test_clocks/{clock}")).AssertOk().Body;
            if (body["status"]!.GetValue<string>() != "advancing")
            {
                Assert.Equal("ready", body["status"]!.GetValue<string>());
                return body;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"{clock} is still advancing");
    }

    public async Task<List<JsonObject>> InvoicesAsync(string customer) =>
        (await Client.GetAsync("/v1/invoices", ("customer", customer), ("limit", "100"))).AssertOk().Body["data"]!.AsArray()
            .Select(i => i!.AsObject()).OrderBy(i => i["created"]!.GetValue<long>()).ToList();

    public static string S(DateTimeOffset t) => t.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
}

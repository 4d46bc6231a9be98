using System.Globalization;
using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.PaymentMethods;

namespace PaymentRecords.IntegrationTests.Subscriptions;

/// <summary>Steps the subscription tests share: a recurring price, a customer with a custom payment method, payments.</summary>
internal sealed class SubscriptionKit(StripeTestClient client)
{
    public StripeTestClient Client { get; } = client;

    public async Task<string> PriceAsync(long amount = 2500, string interval = "month", string currency = "usd", long intervalCount = 1, bool recurring = true)
    {
        var product = (await Client.PostAsync("/v1/products", ("name", "Gold"))).AssertOk().Id;
        var form = new List<(string, string)> { ("product", product), ("currency", currency), ("unit_amount", S(amount)) };
        if (recurring) form.AddRange([("recurring[interval]", interval), ("recurring[interval_count]", S(intervalCount))]);
        return (await Client.PostAsync("/v1/prices", [.. form])).AssertOk().Id;
    }

    /// <summary>A customer with a custom payment method attached (not its default).</summary>
    public async Task<(string Customer, string PaymentMethod)> CustomerAsync()
    {
        var customer = (await Client.PostAsync("/v1/customers", ("email", "sub@example.com"))).AssertOk().Id;
        var pm = (await Client.PostAsync("/v1/payment_methods", PaymentMethodTests.Custom())).AssertOk().Id;
        (await Client.PostAsync($"/v1/payment_methods/{pm}/attach", ("customer", customer))).AssertOk();
        return (customer, pm);
    }

    /// <summary>The guide's step 1: default_incomplete, save the payment method on the subscription, latest_invoice expanded.</summary>
    public Task<StripeResponse> CreateAsync(string customer, string price, params (string, string)[] extra) =>
        Client.PostAsync("/v1/subscriptions", [("customer", customer), ("items[0][price]", price), ("payment_behavior", "default_incomplete"),
            ("payment_settings[save_default_payment_method]", "on_subscription"), ("expand[]", "latest_invoice"), .. extra]);

    /// <summary>report_payment with the custom payment method, guaranteed or only initiated.</summary>
    public async Task<string> ReportAsync(string customer, string pm, long amount, bool guaranteed = true)
    {
        var form = new List<(string, string)>
        {
            ("amount_requested[currency]", "usd"), ("amount_requested[value]", S(amount)), ("initiated_at", "1730000000"),
            ("payment_method_details[payment_method]", pm), ("customer_details[customer]", customer),
        };
        if (guaranteed) form.AddRange([("outcome", "guaranteed"), ("guaranteed[guaranteed_at]", "1730000100")]);
        return (await Client.PostAsync("/v1/payment_records/report_payment", [.. form])).AssertOk().Id;
    }

    public Task<StripeResponse> AttachAsync(string invoice, string record) =>
        Client.PostAsync($"/v1/invoices/{invoice}/attach_payment", ("payment_record", record));

    public async Task<JsonObject> GetAsync(string subscription) => (await Client.GetAsync($"/v1/subscriptions/{subscription}")).AssertOk().Body;

    /// <summary>The account's events, oldest first.</summary>
    public async Task<List<JsonObject>> EventsAsync(string? type = null)
    {
        var query = new List<(string, string)> { ("limit", "100") };
        if (type is not null) query.Add(("type", type));
        return (await Client.GetAsync("/v1/events", [.. query])).AssertOk().Body["data"]!.AsArray().Select(e => e!.AsObject()).Reverse().ToList();
    }

    public static string S(long v) => v.ToString(CultureInfo.InvariantCulture);

    public static string Str(JsonNode? node) => node!.GetValue<string>();

    public static long Long(JsonNode? node) => node!.GetValue<long>();
}

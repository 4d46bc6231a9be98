using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Invoices;

/// <summary>Small steps the invoice tests share: one account (API key) per kit.</summary>
public sealed class InvoiceKit(StripeTestClient client)
{
    public StripeTestClient Client { get; } = client;

    public async Task<string> CustomerAsync(params (string, string)[] form) =>
        (await Client.PostAsync("/v1/customers", form)).AssertOk().Id;

    public async Task<JsonObject> CreateInvoiceAsync(string customer, params (string, string)[] form) =>
        (await Client.PostAsync("/v1/invoices", [("customer", customer), .. form])).AssertOk().Body;

    public async Task<string> DraftAsync(string customer, params (string, string)[] form) =>
        (await CreateInvoiceAsync(customer, form))["id"]!.GetValue<string>();

    public async Task<JsonObject> ItemAsync(string customer, string? invoice, params (string, string)[] form)
    {
        var pairs = new List<(string, string)> { ("customer", customer) };
        if (invoice is not null) pairs.Add(("invoice", invoice));
        pairs.AddRange(form);
        return (await Client.PostAsync("/v1/invoiceitems", pairs.ToArray())).AssertOk().Body;
    }

    public Task<StripeResponse> ActionAsync(string invoice, string action, params (string, string)[] form) =>
        Client.PostAsync($"/v1/invoices/{invoice}/{action}", form);

    public async Task<JsonObject> FinalizeAsync(string invoice) => (await ActionAsync(invoice, "finalize")).AssertOk().Body;

    public async Task<JsonObject> GetAsync(string invoice) => (await Client.GetAsync($"/v1/invoices/{invoice}")).AssertOk().Body;

    /// <summary>A draft with one item of <paramref name="amount"/>, finalized: an open invoice.</summary>
    public Task<(string Customer, string Invoice)> OpenInvoiceAsync(long amount = 1000, params (string, string)[] customerForm) =>
        OpenAsync(amount, customerForm, []);

    /// <summary>An open send_invoice invoice of one item (due in 30 days): the kind <c>send</c> accepts.</summary>
    public Task<(string Customer, string Invoice)> OpenSendInvoiceAsync(long amount = 1000) =>
        OpenAsync(amount, [], [("collection_method", "send_invoice"), ("days_until_due", "30")]);

    private async Task<(string Customer, string Invoice)> OpenAsync(long amount, (string, string)[] customerForm, (string, string)[] invoiceForm)
    {
        var customer = await CustomerAsync(customerForm);
        var invoice = await DraftAsync(customer, invoiceForm);
        await ItemAsync(customer, invoice, ("amount", amount.ToString()));
        Assert.Equal("open", (await FinalizeAsync(invoice))["status"]!.GetValue<string>());
        return (customer, invoice);
    }

    /// <summary>Events of the account, oldest first, optionally only some types.</summary>
    public async Task<List<JsonObject>> EventsAsync(params string[] types)
    {
        var events = new List<JsonObject>();
        string? after = null;
        while (true)
        {
            var query = new List<(string, string)> { ("limit", "100") };
            if (after is not null) query.Add(("starting_after", after));
            var page = (await Client.GetAsync("/v1/events", query.ToArray())).AssertOk().Body;
            var data = page["data"]!.AsArray().Select(e => e!.AsObject()).ToList();
            events.AddRange(data);
            if (!page["has_more"]!.GetValue<bool>() || data.Count == 0) break;
            after = data[^1]["id"]!.GetValue<string>();
        }
        events.Reverse();
        return types.Length == 0 ? events : events.Where(e => types.Contains(e["type"]!.GetValue<string>())).ToList();
    }

    public static long Long(JsonNode? node) => node!.GetValue<long>();
    public static string Str(JsonNode? node) => node!.GetValue<string>();
}

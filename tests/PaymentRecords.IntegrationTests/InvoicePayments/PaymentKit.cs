using System.Globalization;
using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.Invoices;
using static PaymentRecords.IntegrationTests.PaymentRecords.Reports;

namespace PaymentRecords.IntegrationTests.InvoicePayments;

/// <summary>Steps the invoice-payment tests share, on top of <see cref="InvoiceKit"/>: one account per kit.</summary>
public sealed class PaymentKit(StripeTestClient client)
{
    public InvoiceKit Invoices { get; } = new(client);
    public StripeTestClient Client => Invoices.Client;

    /// <summary>report_payment: initiated (pending) unless <paramref name="guaranteed"/>; for <paramref name="customer"/> when given.</summary>
    public async Task<string> RecordAsync(long value, bool guaranteed = true, string? customer = null, string currency = "usd")
    {
        var extra = new List<(string, string)>();
        if (guaranteed) extra.AddRange([("outcome", "guaranteed"), ("guaranteed[guaranteed_at]", "1730000100")]);
        if (customer is not null) extra.Add(("customer_details[customer]", customer));
        return (await ReportAsync(Client, Payment(value, currency, [.. extra]))).Id;
    }

    public Task<StripeResponse> AttachAsync(string invoice, string record, bool expandPayments = true) =>
        expandPayments
            ? Client.PostAsync($"/v1/invoices/{invoice}/attach_payment", ("payment_record", record), ("expand[]", "payments"))
            : Client.PostAsync($"/v1/invoices/{invoice}/attach_payment", ("payment_record", record));

    public Task<StripeResponse> OutcomeAsync(string record, string outcome) => PaymentRecords.Reports.OutcomeAsync(Client, record, outcome);

    public async Task<JsonObject> InvoiceWithPaymentsAsync(string invoice) =>
        (await Client.GetAsync($"/v1/invoices/{invoice}", ("expand[]", "payments"))).AssertOk().Body;

    public async Task<List<JsonObject>> PaymentsOfAsync(string invoice) =>
        (await Client.GetAsync("/v1/invoice_payments", ("invoice", invoice), ("limit", "100"))).AssertOk().Body["data"]!
            .AsArray().Select(p => p!.AsObject()).ToList();

    public async Task<long> BalanceAsync(string customer) =>
        (await Client.GetAsync($"/v1/customers/{customer}")).AssertOk().Body["balance"]!.GetValue<long>();

    public async Task<List<JsonObject>> LedgerAsync(string customer) =>
        (await Client.GetAsync($"/v1/customers/{customer}/balance_transactions", ("limit", "100"))).AssertOk().Body["data"]!
            .AsArray().Select(t => t!.AsObject()).Reverse().ToList();

    /// <summary>How many events the account has so far (a mark for <see cref="EventsSinceAsync"/>).</summary>
    public async Task<int> EventMarkAsync() => (await Invoices.EventsAsync()).Count;

    /// <summary>The types of the events after <paramref name="mark"/>, oldest first.</summary>
    public async Task<List<string>> EventsSinceAsync(int mark) =>
        (await Invoices.EventsAsync()).Skip(mark).Select(e => e["type"]!.GetValue<string>()).ToList();

    public static string S(long v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>Asserts amount_paid / amount_remaining / amount_overpaid / status of an invoice.</summary>
    public static void AssertInvoice(JsonNode invoice, long paid, long remaining, long overpaid, string status)
    {
        Assert.Equal(
            (paid, remaining, overpaid, status),
            (invoice["amount_paid"]!.GetValue<long>(), invoice["amount_remaining"]!.GetValue<long>(),
                invoice["amount_overpaid"]!.GetValue<long>(), invoice["status"]!.GetValue<string>()));
    }
}

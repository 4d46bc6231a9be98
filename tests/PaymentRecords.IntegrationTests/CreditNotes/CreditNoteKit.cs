using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.Invoices;
using PaymentRecords.IntegrationTests.PaymentRecords;

namespace PaymentRecords.IntegrationTests.CreditNotes;

/// <summary>Steps the credit note tests share: one account (API key) per kit, on top of <see cref="InvoiceKit"/>.</summary>
public sealed class CreditNoteKit(StripeTestClient client)
{
    public StripeTestClient Client { get; } = client;
    public InvoiceKit Invoices { get; } = new(client);

    public CreditNoteKit(ServerFixture fixture) : this(fixture.Client()) { }

    public Task<StripeResponse> CreateAsync(params (string, string)[] form) => Client.PostAsync("/v1/credit_notes", form);

    public async Task<JsonObject> IssueAsync(params (string, string)[] form) => (await CreateAsync(form)).AssertOk().Body;

    public Task<StripeResponse> PreviewAsync(params (string, string)[] query) => Client.GetAsync("/v1/credit_notes/preview", query);

    public Task<StripeResponse> VoidAsync(string id) => Client.PostAsync($"/v1/credit_notes/{id}/void");

    public async Task<JsonObject> GetAsync(string id) => (await Client.GetAsync($"/v1/credit_notes/{id}")).AssertOk().Body;

    /// <summary>An open invoice of one line (<paramref name="amount"/>).</summary>
    public Task<(string Customer, string Invoice)> OpenInvoiceAsync(long amount = 1000, params (string, string)[] customerForm) =>
        Invoices.OpenInvoiceAsync(amount, customerForm);

    /// <summary>An invoice paid out of band.</summary>
    public async Task<(string Customer, string Invoice)> PaidInvoiceAsync(long amount = 1000, params (string, string)[] customerForm)
    {
        var (customer, invoice) = await OpenInvoiceAsync(amount, customerForm);
        (await Invoices.ActionAsync(invoice, "pay", ("paid_out_of_band", "true"))).AssertOk();
        return (customer, invoice);
    }

    /// <summary>
    /// An invoice of <paramref name="amount"/> paid by a guaranteed payment record of <paramref name="paidByRecord"/>
    /// (default: all of it) attached to it, with a refund of <paramref name="refunded"/> reported under
    /// <paramref name="refundGroup"/> (none when null).
    /// </summary>
    public async Task<(string Customer, string Invoice, string Record)> PaidByRecordAsync(long amount, long? refunded, string? refundGroup,
        long? paidByRecord = null)
    {
        var (customer, invoice) = await OpenInvoiceAsync(amount);
        var record = (await Reports.ReportAsync(Client, Reports.Guaranteed(paidByRecord ?? amount, ("customer_details[customer]", customer)))).Id;
        await AttachAsync(invoice, record);
        if (refundGroup is not null) await ReportRefundAsync(record, refundGroup, refunded);
        return (customer, invoice, record);
    }

    public async Task ReportRefundAsync(string record, string refundGroup, long? amount = null) =>
        (await Client.PostAsync($"/v1/payment_records/{record}/report_refund", Reports.Refund(refundGroup, amount))).AssertOk();

    /// <summary>attach_payment: a guaranteed record is credited to the invoice at once (paid when nothing remains).</summary>
    public async Task<JsonObject> AttachAsync(string invoice, string record) =>
        (await Client.PostAsync($"/v1/invoices/{invoice}/attach_payment", ("payment_record", record))).AssertOk().Body;

    /// <summary>The refund-citation parameters of refunds[<paramref name="index"/>].</summary>
    public static (string, string)[] Cite(int index, string record, string group, long? amountRefunded = null)
    {
        var pairs = new List<(string, string)>
        {
            ($"refunds[{index}][type]", "payment_record_refund"),
            ($"refunds[{index}][payment_record_refund][payment_record]", record),
            ($"refunds[{index}][payment_record_refund][refund_group]", group),
        };
        if (amountRefunded is { } a) pairs.Add(($"refunds[{index}][amount_refunded]", a.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return [.. pairs];
    }

    public async Task<long> BalanceAsync(string customer) =>
        (await Client.GetAsync($"/v1/customers/{customer}")).AssertOk().Body["balance"]!.GetValue<long>();

    /// <summary>The customer's ledger, oldest first.</summary>
    public async Task<List<JsonObject>> LedgerAsync(string customer) =>
        (await Client.GetAsync($"/v1/customers/{customer}/balance_transactions", ("limit", "100"))).AssertOk().Body["data"]!
            .AsArray().Select(t => t!.AsObject()).Reverse().ToList();

    public static long Long(JsonNode? node) => node!.GetValue<long>();
    public static string Str(JsonNode? node) => node!.GetValue<string>();
    public static string? StrOrNull(JsonNode? node) => node?.GetValue<string>();
}

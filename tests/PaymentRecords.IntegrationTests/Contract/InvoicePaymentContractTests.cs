using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.InvoicePayments;

namespace PaymentRecords.IntegrationTests.Contract;

/// <summary>invoice_payment in every status (open, paid, canceled), its lists and expansions, and invoices with expanded payments, against the spec's schemas.</summary>
[Collection(ServerCollection.Name)]
public sealed class InvoicePaymentContractTests(ServerFixture fixture)
{
    private readonly PaymentKit _kit = new(fixture.Client());

    [Fact]
    public async Task Invoice_payments_match_the_schema_in_every_status()
    {
        var client = _kit.Client;
        var (customer, invoice) = await _kit.Invoices.OpenInvoiceAsync(1000);

        var paidRecord = await _kit.RecordAsync(300, customer: customer);
        var withPaid = (await _kit.AttachAsync(invoice, paidRecord)).AssertOk().Body;
        ContractAssert.Matches("invoice", withPaid);
        var paid = withPaid["payments"]!["data"]![0]!;
        ContractAssert.Matches("invoice_payment", paid);

        var pendingRecord = await _kit.RecordAsync(200, guaranteed: false);
        var withOpen = (await _kit.AttachAsync(invoice, pendingRecord)).AssertOk().Body;
        ContractAssert.Matches("invoice", withOpen);
        var open = withOpen["payments"]!["data"]![0]!;
        ContractAssert.Matches("invoice_payment", open);

        var (_, other) = await _kit.Invoices.OpenInvoiceAsync(500);
        var failedRecord = await _kit.RecordAsync(500, guaranteed: false);
        (await _kit.AttachAsync(other, failedRecord)).AssertOk();
        (await _kit.OutcomeAsync(failedRecord, "failed")).AssertOk();
        var voided = (await _kit.Invoices.ActionAsync(other, "void", ("expand[]", "payments"))).AssertOk().Body;
        ContractAssert.Matches("invoice", voided);
        var canceled = voided["payments"]!["data"]![0]!;
        Assert.Equal("canceled", canceled["status"]!.GetValue<string>());
        ContractAssert.Matches("invoice_payment", canceled);

        // Overpaid (and paid) invoice.
        var overpaid = (await _kit.AttachAsync(invoice, await _kit.RecordAsync(900))).AssertOk().Body;
        ContractAssert.Matches("invoice", overpaid);

        foreach (var id in new[] { paid["id"]!, open["id"]!, canceled["id"]! }.Select(n => n.GetValue<string>()))
        {
            ContractAssert.Matches("invoice_payment", (await client.GetAsync($"/v1/invoice_payments/{id}")).AssertOk().Body);
            ContractAssert.Matches("invoice_payment",
                (await client.GetAsync($"/v1/invoice_payments/{id}", ("expand[]", "invoice"), ("expand[]", "payment.payment_record"))).AssertOk().Body);
        }
        ContractAssert.MatchesList("invoice_payment", (await client.GetAsync("/v1/invoice_payments")).AssertOk().Body);
        ContractAssert.MatchesList("invoice_payment", (await client.GetAsync("/v1/invoice_payments", ("expand[]", "data.invoice"))).AssertOk().Body);
        ContractAssert.MatchesList("invoice", (await client.GetAsync("/v1/invoices", ("expand[]", "data.payments"))).AssertOk().Body);
        ContractAssert.Matches("invoice", (await client.GetAsync($"/v1/invoices/{invoice}",
            ("expand[]", "payments.data.payment.payment_record"), ("expand[]", "payments.data.invoice"))).AssertOk().Body);
        ContractAssert.MatchesList("customer_balance_transaction",
            (await client.GetAsync($"/v1/customers/{customer}/balance_transactions")).AssertOk().Body);

        foreach (var type in new[] { "invoice_payment.paid", "invoice.overpaid", "invoice.paid", "invoice.updated" })
        {
            var e = (await _kit.Invoices.EventsAsync(type)).Last();
            ContractAssert.Matches("event", e);
            ContractAssert.Matches(type.StartsWith("invoice_payment", StringComparison.Ordinal) ? "invoice_payment" : "invoice", e["data"]!["object"]);
        }

        ContractAssert.Matches("error", (await client.GetAsync("/v1/invoice_payments/inpay_missing")).Body);
        ContractAssert.Matches("error", (await _kit.AttachAsync(invoice, paidRecord)).Body);
        ContractAssert.Matches("error", (await client.PostAsync($"/v1/invoices/{invoice}/attach_payment", ("payment_intent", "pi_1"))).Body);
    }
}

using PaymentRecords.IntegrationTests.CreditNotes;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.CreditNotes.CreditNoteKit;

namespace PaymentRecords.IntegrationTests.Contract;

/// <summary>credit_note and credit_note_line_item in every shape the server returns, against the spec's schemas.</summary>
[Collection(ServerCollection.Name)]
public sealed class CreditNoteContractTests(ServerFixture fixture)
{
    [Fact]
    public async Task Credit_notes_and_their_lines_match_the_schema()
    {
        var kit = new CreditNoteKit(fixture);
        var client = kit.Client;
        var (customer, invoice) = await kit.OpenInvoiceAsync(5000);
        var line = Str((await client.GetAsync($"/v1/invoices/{invoice}/lines")).AssertOk().Body["data"]![0]!["id"]);

        var byAmount = await kit.IssueAsync(("invoice", invoice), ("amount", "100"));
        ContractAssert.Matches("credit_note", byAmount);
        var full = await kit.IssueAsync(("invoice", invoice), ("memo", "m"), ("reason", "fraudulent"), ("metadata[k]", "v"),
            ("effective_at", "1730000000"), ("email_type", "credit_note"),
            ("lines[0][type]", "invoice_line_item"), ("lines[0][invoice_line_item]", line), ("lines[0][amount]", "500"),
            ("lines[1][type]", "custom_line_item"), ("lines[1][unit_amount_decimal]", "10.5"), ("lines[1][quantity]", "2"),
            ("lines[1][description]", "d"), ("expand[]", "customer"), ("expand[]", "invoice"));
        ContractAssert.Matches("credit_note", full);
        ContractAssert.MatchesList("credit_note_line_item", (await client.GetAsync($"/v1/credit_notes/{Str(full["id"])}/lines")).AssertOk().Body);

        var preview = (await kit.PreviewAsync(("invoice", invoice), ("amount", "50"))).AssertOk().Body;
        ContractAssert.Matches("credit_note", preview);
        ContractAssert.MatchesList("credit_note_line_item",
            (await client.GetAsync("/v1/credit_notes/preview/lines", ("invoice", invoice), ("amount", "50"))).AssertOk().Body);

        var voided = (await kit.VoidAsync(Str(byAmount["id"]))).AssertOk().Body;
        ContractAssert.Matches("credit_note", voided);
        ContractAssert.Matches("credit_note", (await client.PostAsync($"/v1/credit_notes/{Str(full["id"])}", ("memo", "x"))).AssertOk().Body);

        // Post-payment with a balance credit and a payment-record refund.
        var group = "contract-" + Guid.NewGuid().ToString("N");
        var (paidCustomer, paid, record) = await kit.PaidByRecordAsync(2000, 700, group);
        var cited = await kit.IssueAsync([("invoice", paid), ("amount", "1000"), ("credit_amount", "200"), ("out_of_band_amount", "100"),
            .. Cite(0, record, group), ("expand[]", "customer_balance_transaction")]);
        ContractAssert.Matches("credit_note", cited);
        ContractAssert.Matches("credit_note", await kit.GetAsync(Str(cited["id"])));
        ContractAssert.MatchesList("credit_note", (await client.GetAsync("/v1/credit_notes", ("expand[]", "data.customer"))).AssertOk().Body);
        ContractAssert.MatchesList("customer_balance_transaction", (await client.GetAsync($"/v1/customers/{paidCustomer}/balance_transactions",
            ("expand[]", "data.credit_note"))).AssertOk().Body);
        ContractAssert.Matches("invoice", await kit.Invoices.GetAsync(paid));
        ContractAssert.MatchesList("event", (await client.GetAsync("/v1/events", ("limit", "100"))).AssertOk().Body);
        ContractAssert.Matches("error", (await kit.CreateAsync(("invoice", invoice), ("refund_amount", "5"), ("amount", "5"))).Body);
        Assert.NotNull(customer);
    }
}

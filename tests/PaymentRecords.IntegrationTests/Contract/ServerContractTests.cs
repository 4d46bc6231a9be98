using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Contract;

/// <summary>Every object type the server returns, validated against Stripe's schema (SOURCE.md's rule).</summary>
[Collection(ServerCollection.Name)]
public sealed class ServerContractTests(ServerFixture fixture)
{
    private readonly StripeTestClient _client = fixture.Client();

    [Fact]
    public async Task Customer_objects_match_the_schema()
    {
        var minimal = (await _client.PostAsync("/v1/customers")).AssertOk();
        ContractAssert.Matches("customer", minimal.Body);
        var full = (await _client.PostAsync("/v1/customers", ("email", "c@example.com"), ("name", "C"), ("phone", "+1"),
            ("description", "d"), ("business_name", "B"), ("individual_name", "I"), ("address[line1]", "l1"),
            ("shipping[name]", "S"), ("shipping[address][city]", "X"), ("invoice_settings[footer]", "f"),
            ("invoice_settings[custom_fields][0][name]", "n"), ("invoice_settings[custom_fields][0][value]", "v"),
            ("invoice_settings[rendering_options][amount_tax_display]", "exclude_tax"),
            ("preferred_locales[0]", "en"), ("tax_exempt", "reverse"), ("balance", "-500"), ("metadata[k]", "v"))).AssertOk();
        ContractAssert.Matches("customer", full.Body);
        ContractAssert.MatchesList("customer", (await _client.GetAsync("/v1/customers")).AssertOk().Body);
        var deleted = (await _client.DeleteAsync($"/v1/customers/{minimal.Id}")).AssertOk();
        ContractAssert.Matches("deleted_customer", deleted.Body);
    }

    /// <summary>The fields sent only when expanded, on retrieve, create, update, lists and nested in an invoice.</summary>
    [Fact]
    public async Task Includables_match_the_schema()
    {
        (string, string)[] all = [("expand[]", "tax_ids"), ("expand[]", "sources"), ("expand[]", "subscriptions"), ("expand[]", "cash_balance")];
        var created = (await _client.PostAsync("/v1/customers", [("tax_id_data[0][type]", "eu_vat"), ("tax_id_data[0][value]", "FR12345678901"),
            ("tax_id_data[1][type]", "eu_oss_vat"), ("tax_id_data[1][value]", "EU123456789"), .. all])).AssertOk();
        Assert.Equal(["FR", null], created.Body["tax_ids"]!["data"]!.AsArray().Select(t => t!["country"]?.GetValue<string>()));
        ContractAssert.Matches("customer", created.Body);
        ContractAssert.Matches("customer", (await _client.GetAsync($"/v1/customers/{created.Id}", all)).AssertOk().Body);
        ContractAssert.Matches("customer", (await _client.PostAsync($"/v1/customers/{created.Id}", [("name", "N"), .. all])).AssertOk().Body);
        ContractAssert.MatchesList("customer", (await _client.GetAsync("/v1/customers", ("expand[]", "data.tax_ids"), ("expand[]", "data.sources"),
            ("expand[]", "data.subscriptions"), ("expand[]", "data.cash_balance"))).AssertOk().Body);
        var expandedOwner = (await _client.GetAsync($"/v1/customers/{created.Id}", ("expand[]", "tax_ids.data.customer"))).AssertOk().Body;
        ContractAssert.Matches("customer", expandedOwner);

        var invoice = (await _client.PostAsync("/v1/invoices", ("customer", created.Id), ("expand[]", "confirmation_secret"),
            ("expand[]", "customer.tax_ids"), ("expand[]", "customer.cash_balance"))).AssertOk();
        Assert.True(invoice.Body.ContainsKey("confirmation_secret"));
        ContractAssert.Matches("invoice", invoice.Body);
        ContractAssert.MatchesList("invoice", (await _client.GetAsync("/v1/invoices", ("expand[]", "data.confirmation_secret"),
            ("expand[]", "data.customer.subscriptions"))).AssertOk().Body);
    }

    [Fact]
    public async Task Events_and_errors_match_the_schema()
    {
        var id = (await _client.PostAsync("/v1/customers")).AssertOk().Id;
        await _client.PostAsync($"/v1/customers/{id}", ("name", "x"));
        var events = (await _client.GetAsync("/v1/events")).AssertOk();
        ContractAssert.MatchesList("event", events.Body);
        var error = await _client.GetAsync("/v1/customers/cus_missing");
        ContractAssert.Matches("error", error.Body);
        var unknown = await _client.PostAsync("/v1/customers", ("nope", "1"));
        ContractAssert.Matches("error", unknown.Body);
    }
    [Fact]
    public async Task Invoice_objects_match_the_schema()
    {
        var customer = (await _client.PostAsync("/v1/customers", ("email", "c@example.com"), ("name", "C"), ("phone", "+1"),
            ("address[line1]", "l1"), ("address[country]", "DE"), ("shipping[name]", "S"), ("shipping[address][city]", "X"),
            ("tax_exempt", "reverse"), ("tax_id_data[0][type]", "eu_vat"), ("tax_id_data[0][value]", "DE123456789"), ("balance", "-200"))).AssertOk().Id;
        var minimal = (await _client.PostAsync("/v1/invoices", ("customer", customer))).AssertOk();
        ContractAssert.Matches("invoice", minimal.Body);
        var full = (await _client.PostAsync("/v1/invoices", ("customer", customer), ("collection_method", "send_invoice"), ("days_until_due", "5"),
            ("description", "d"), ("footer", "f"), ("statement_descriptor", "SD"), ("custom_fields[0][name]", "n"), ("custom_fields[0][value]", "v"),
            ("rendering[amount_tax_display]", "include_inclusive_tax"), ("rendering[pdf][page_size]", "letter"), ("rendering[template]", "tpl"),
            ("rendering[template_version]", "3"), ("shipping_details[name]", "Sam"), ("shipping_details[address][line1]", "a"),
            ("shipping_details[phone]", "+2"), ("payment_settings[payment_method_types][0]", "custom"),
            ("payment_settings[payment_method_types][1]", "us_bank_account"),
            ("payment_settings[payment_method_options][acss_debit][mandate_options][transaction_type]", "business"),
            ("payment_settings[payment_method_options][bancontact][preferred_language]", "fr"),
            ("payment_settings[payment_method_options][card][installments][enabled]", "true"),
            ("payment_settings[payment_method_options][customer_balance][bank_transfer][eu_bank_transfer][country]", "DE"),
            ("payment_settings[payment_method_options][customer_balance][bank_transfer][type]", "eu_bank_transfer"),
            ("payment_settings[payment_method_options][customer_balance][funding_type]", "bank_transfer"),
            ("payment_settings[payment_method_options][konbini]", ""),
            ("payment_settings[payment_method_options][us_bank_account][financial_connections][permissions][0]", "balances"),
            ("payment_settings[payment_method_options][us_bank_account][financial_connections][filters][account_subcategories][0]", "checking"),
            ("payment_settings[payment_method_options][us_bank_account][verification_method]", "instant"),
            ("metadata[k]", "v"), ("expand[]", "payments"))).AssertOk();
        ContractAssert.Matches("invoice", full.Body);
        var sepa = (await _client.PostAsync($"/v1/invoices/{full.Id}", ("payment_settings[payment_method_options][sepa_debit][x]", "1"))).Status;
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, sepa);

        var item = (await _client.PostAsync("/v1/invoiceitems", ("customer", customer), ("invoice", full.Id), ("unit_amount_decimal", "12.345"),
            ("quantity", "3"), ("description", "x"), ("metadata[a]", "b"))).AssertOk();
        ContractAssert.Matches("invoiceitem", item.Body);
        var pending = (await _client.PostAsync("/v1/invoiceitems", ("customer", customer), ("amount", "-5"), ("expand[]", "customer"))).AssertOk();
        ContractAssert.Matches("invoiceitem", pending.Body);
        var withLines = (await _client.PostAsync($"/v1/invoices/{full.Id}/add_lines", ("lines[0][amount]", "1000"))).AssertOk();
        ContractAssert.Matches("invoice", withLines.Body);
        ContractAssert.MatchesList("line_item", (await _client.GetAsync($"/v1/invoices/{full.Id}/lines")).AssertOk().Body);

        var open = (await _client.PostAsync($"/v1/invoices/{full.Id}/finalize", ("expand[]", "customer"))).AssertOk();
        ContractAssert.Matches("invoice", open.Body);
        ContractAssert.Matches("invoice", (await _client.PostAsync($"/v1/invoices/{full.Id}/pay", ("paid_out_of_band", "true"))).AssertOk().Body);
        ContractAssert.MatchesList("invoice", (await _client.GetAsync("/v1/invoices", ("expand[]", "data.customer"))).AssertOk().Body);
        ContractAssert.MatchesList("invoiceitem", (await _client.GetAsync("/v1/invoiceitems", ("expand[]", "data.invoice"))).AssertOk().Body);

        var ledger = (await _client.GetAsync($"/v1/customers/{customer}/balance_transactions")).AssertOk().Body;
        Assert.NotEmpty(ledger["data"]!.AsArray());
        ContractAssert.MatchesList("customer_balance_transaction", ledger);
        ContractAssert.Matches("customer_balance_transaction",
            (await _client.GetAsync($"/v1/customers/{customer}/balance_transactions/{ledger["data"]![0]!["id"]}", ("expand[]", "invoice"))).AssertOk().Body);

        ContractAssert.Matches("deleted_invoiceitem", (await _client.DeleteAsync($"/v1/invoiceitems/{pending.Id}")).AssertOk().Body);
        ContractAssert.Matches("deleted_invoice", (await _client.DeleteAsync($"/v1/invoices/{minimal.Id}")).AssertOk().Body);
        ContractAssert.MatchesList("event", (await _client.GetAsync("/v1/events", ("limit", "100"))).AssertOk().Body);
    }
}

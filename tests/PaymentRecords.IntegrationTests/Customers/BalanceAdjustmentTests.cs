using System.Net;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.Invoices;
using static PaymentRecords.IntegrationTests.Invoices.InvoiceKit;

namespace PaymentRecords.IntegrationTests.Customers;

/// <summary>POST /v1/customers/{customer}/balance_transactions and its update: the merchant's own adjustments to a customer's balance.</summary>
[Collection(ServerCollection.Name)]
public sealed class BalanceAdjustmentTests(ServerFixture fixture)
{
    private readonly InvoiceKit _kit = new(fixture.Client());
    private StripeTestClient Client => _kit.Client;

    [Fact]
    public async Task A_credit_moves_the_balance_is_listed_and_applies_to_the_next_invoice()
    {
        var customer = await _kit.CustomerAsync(("email", "credit@example.com"));
        var credit = (await Client.PostAsync($"/v1/customers/{customer}/balance_transactions", ("amount", "-500"), ("currency", "USD"),
            ("description", "Goodwill"), ("metadata[ticket]", "T-1"))).AssertOk().Body;
        Assert.StartsWith("cbtxn_", Str(credit["id"]));
        Assert.Equal(("customer_balance_transaction", "adjustment", -500L, -500L, "usd", customer), (Str(credit["object"]), Str(credit["type"]),
            Long(credit["amount"]), Long(credit["ending_balance"]), Str(credit["currency"]), Str(credit["customer"])));
        Assert.Equal(("Goodwill", "T-1"), (Str(credit["description"]), Str(credit["metadata"]!["ticket"])));
        Assert.Null(credit["invoice"]);
        Assert.Null(credit["credit_note"]);

        var debit = (await Client.PostAsync($"/v1/customers/{customer}/balance_transactions", ("amount", "200"), ("currency", "usd"))).AssertOk().Body;
        Assert.Equal(-300, Long(debit["ending_balance"]));
        var after = (await Client.GetAsync($"/v1/customers/{customer}")).AssertOk().Body;
        Assert.Equal((-300L, "usd"), (Long(after["balance"]), Str(after["currency"])));
        var listed = (await Client.GetAsync($"/v1/customers/{customer}/balance_transactions")).AssertOk().Body["data"]!.AsArray();
        Assert.Equal([Str(debit["id"]), Str(credit["id"])], listed.Select(t => Str(t!["id"])));
        Assert.Equal(Str(credit["id"]), Str((await Client.GetAsync($"/v1/customers/{customer}/balance_transactions/{Str(credit["id"])}")).AssertOk().Body["id"]));

        // The balance changed: customer.updated, with the old balance (Stripe has no event of the transaction's own).
        var updates = await _kit.EventsAsync("customer.updated");
        Assert.Equal(2, updates.Count);
        Assert.Equal(0, Long(updates[0]["data"]!["previous_attributes"]!["balance"]));
        Assert.Equal(-500, Long(updates[1]["data"]!["previous_attributes"]!["balance"]));

        var invoice = await _kit.DraftAsync(customer);
        await _kit.ItemAsync(customer, invoice, ("amount", "1200"));
        var open = await _kit.FinalizeAsync(invoice);
        Assert.Equal((-300L, 900L), (Long(open["starting_balance"]), Long(open["amount_due"])));
    }

    [Fact]
    public async Task Only_the_description_and_metadata_of_an_entry_change()
    {
        var customer = await _kit.CustomerAsync();
        var id = (await Client.PostAsync($"/v1/customers/{customer}/balance_transactions", ("amount", "-100"), ("currency", "usd"),
            ("description", "First"), ("metadata[a]", "1"))).AssertOk().Id;
        var updated = (await Client.PostAsync($"/v1/customers/{customer}/balance_transactions/{id}", ("description", "Second"), ("metadata[b]", "2")))
            .AssertOk().Body;
        Assert.Equal(("Second", """{"a":"1","b":"2"}""", -100L), (Str(updated["description"]), updated["metadata"]!.ToJsonString(), Long(updated["amount"])));
        var cleared = (await Client.PostAsync($"/v1/customers/{customer}/balance_transactions/{id}", ("metadata", ""))).AssertOk().Body;
        Assert.Equal(("Second", "{}"), (Str(cleared["description"]), cleared["metadata"]!.ToJsonString()));
        // The spec types description as a plain string: it cannot be emptied.
        (await Client.PostAsync($"/v1/customers/{customer}/balance_transactions/{id}", ("description", "")))
            .AssertError(HttpStatusCode.BadRequest, "parameter_invalid_empty", "description");
        (await Client.PostAsync($"/v1/customers/{customer}/balance_transactions/{id}", ("amount", "5")))
            .AssertError(HttpStatusCode.BadRequest, "parameter_unknown", "amount");
        (await Client.PostAsync($"/v1/customers/{customer}/balance_transactions/cbtxn_nope", ("description", "x")))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "id");
        // Another customer's entry is not found under this customer.
        var other = await _kit.CustomerAsync();
        (await Client.PostAsync($"/v1/customers/{other}/balance_transactions/{id}", ("description", "x")))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "id");
        Assert.Equal(-100, Long((await Client.GetAsync($"/v1/customers/{customer}")).AssertOk().Body["balance"]));
    }

    [Fact]
    public async Task An_adjustment_is_refused_in_another_currency_past_the_range_or_for_no_customer()
    {
        var customer = await _kit.CustomerAsync();
        (await Client.PostAsync($"/v1/customers/{customer}/balance_transactions", ("amount", "-100"), ("currency", "eur"))).AssertOk();
        (await Client.PostAsync($"/v1/customers/{customer}/balance_transactions", ("amount", "-100"), ("currency", "usd")))
            .AssertError(HttpStatusCode.BadRequest, param: "currency");
        (await Client.PostAsync($"/v1/customers/{customer}/balance_transactions", ("amount", "-100"), ("currency", "xyz")))
            .AssertError(HttpStatusCode.BadRequest, param: "currency");
        (await Client.PostAsync($"/v1/customers/{customer}/balance_transactions", ("amount", "-99999999"), ("currency", "eur")))
            .AssertError(HttpStatusCode.BadRequest, "amount_too_large", "amount");
        (await Client.PostAsync($"/v1/customers/{customer}/balance_transactions", ("currency", "eur")))
            .AssertError(HttpStatusCode.BadRequest, "parameter_missing", "amount");
        (await Client.PostAsync("/v1/customers/cus_nope/balance_transactions", ("amount", "1"), ("currency", "eur")))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "customer");
        var customerAfter = (await Client.GetAsync($"/v1/customers/{customer}")).AssertOk().Body;
        Assert.Equal((-100L, "eur"), (Long(customerAfter["balance"]), Str(customerAfter["currency"])));

        (await Client.DeleteAsync($"/v1/customers/{customer}")).AssertOk();
        (await Client.PostAsync($"/v1/customers/{customer}/balance_transactions", ("amount", "1"), ("currency", "eur")))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "customer");
    }
    [Fact]
    public async Task A_balance_set_on_the_customer_goes_through_the_ledger_initial_then_adjustments()
    {
        var customer = (await Client.PostAsync("/v1/customers", ("balance", "-700"))).AssertOk().Body;
        var id = Str(customer["id"]);
        Assert.Equal((-700L, "usd"), (Long(customer["balance"]), Str(customer["currency"])));
        (await Client.PostAsync($"/v1/customers/{id}", ("balance", "300"))).AssertOk();
        // The same balance again moves nothing, and writes nothing.
        (await Client.PostAsync($"/v1/customers/{id}", ("balance", "300"))).AssertOk();

        var ledger = (await Client.GetAsync($"/v1/customers/{id}/balance_transactions")).AssertOk().Body["data"]!.AsArray();
        Assert.Equal([("adjustment", 1000L, 300L), ("initial", -700L, -700L)],
            ledger.Select(t => (Str(t!["type"]), Long(t["amount"]), Long(t["ending_balance"]))));
        Assert.Equal(Long(customer["created"]), Long(ledger[1]!["created"]));
        // A customer created without one has no entry.
        var plain = (await Client.PostAsync("/v1/customers", ("email", "plain@example.com"))).AssertOk().Id;
        Assert.Empty((await Client.GetAsync($"/v1/customers/{plain}/balance_transactions")).AssertOk().Body["data"]!.AsArray());
    }
}

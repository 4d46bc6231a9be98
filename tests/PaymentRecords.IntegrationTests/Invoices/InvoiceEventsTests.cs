using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.Invoices.InvoiceKit;

namespace PaymentRecords.IntegrationTests.Invoices;

/// <summary>Each invoice event, written in the request's transaction, with its exact payload.</summary>
[Collection(ServerCollection.Name)]
public sealed class InvoiceEventsTests(ServerFixture fixture)
{
    private static string Type(JsonObject e) => Str(e["type"]);
    private static JsonObject Obj(JsonObject e) => e["data"]!["object"]!.AsObject();

    private static string Sorted(JsonNode? node) => node switch
    {
        JsonObject o => "{" + string.Join(",", o.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"\"{kv.Key}\":{Sorted(kv.Value)}")) + "}",
        null => "null",
        _ => node.ToJsonString(),
    };

    [Fact]
    public async Task Draft_lifecycle_events_carry_the_objects_and_exact_previous_attributes()
    {
        var kit = new InvoiceKit(fixture.Client());
        var customer = await kit.CustomerAsync();
        var key = Guid.NewGuid().ToString();
        var created = (await kit.Client.PostIdempotentAsync("/v1/invoices", key, ("customer", customer), ("description", "a"))).AssertOk();
        var id = created.Id;
        var updated = (await kit.Client.PostAsync($"/v1/invoices/{id}", ("description", "b"), ("metadata[k]", "v"))).AssertOk().Body;
        (await kit.Client.PostAsync($"/v1/invoices/{id}", ("description", "b"))).AssertOk(); // no change: no event
        var item = await kit.ItemAsync(customer, id, ("amount", "700"));
        var deletedItem = (await kit.Client.DeleteAsync($"/v1/invoiceitems/{item["id"]}")).AssertOk();
        var beforeDelete = await kit.GetAsync(id);
        (await kit.Client.DeleteAsync($"/v1/invoices/{id}")).AssertOk();

        var events = await kit.EventsAsync();
        Assert.Equal(["customer.created", "invoice.created", "invoice.updated", "invoiceitem.created", "invoice.updated",
            "invoiceitem.deleted", "invoice.updated", "invoice.deleted"], events.Select(Type));

        var e = events[1];
        Assert.True(JsonNode.DeepEquals(created.Body, Obj(e)));
        Assert.Null(e["data"]!["previous_attributes"]);
        Assert.Equal(created.Header("Request-Id"), Str(e["request"]!["id"]));
        Assert.Equal(key, Str(e["request"]!["idempotency_key"]));
        Assert.Equal("2025-10-29.clover", Str(e["api_version"]));

        Assert.True(JsonNode.DeepEquals(updated, Obj(events[2])));
        Assert.Equal("""{"description":"a","metadata":{"k":null}}""", Sorted(events[2]["data"]!["previous_attributes"]));

        Assert.True(JsonNode.DeepEquals(item, Obj(events[3])));
        var added = events[4]["data"]!["previous_attributes"]!.AsObject();
        Assert.Equal(["amount_due", "amount_remaining", "lines", "subtotal", "subtotal_excluding_tax", "total", "total_excluding_tax"],
            added.Select(kv => kv.Key).Order(StringComparer.Ordinal));
        Assert.Equal(0, Long(added["total"]));
        Assert.Empty(added["lines"]!["data"]!.AsArray());
        Assert.Equal(700, Long(Obj(events[4])["total"]));

        Assert.True(JsonNode.DeepEquals(item, Obj(events[5])));
        Assert.Equal(Str(item["id"]), deletedItem.Id);
        Assert.Equal(700, Long(events[6]["data"]!["previous_attributes"]!["total"]));
        Assert.True(JsonNode.DeepEquals(beforeDelete, Obj(events[7])));
    }

    [Fact]
    public async Task Add_lines_writes_item_events_then_one_update()
    {
        var kit = new InvoiceKit(fixture.Client());
        var customer = await kit.CustomerAsync();
        var id = await kit.DraftAsync(customer);
        var after = (await kit.ActionAsync(id, "add_lines", ("lines[0][amount]", "100"), ("lines[1][amount]", "250"), ("invoice_metadata[m]", "1"))).AssertOk().Body;
        var events = await kit.EventsAsync();
        Assert.Equal(["customer.created", "invoice.created", "invoiceitem.created", "invoiceitem.created", "invoice.updated"], events.Select(Type));
        var lines = after["lines"]!["data"]!.AsArray();
        Assert.Equal(Str(lines[0]!["parent"]!["invoice_item_details"]!["invoice_item"]), Str(Obj(events[2])["id"]));
        Assert.Equal(Str(lines[1]!["parent"]!["invoice_item_details"]!["invoice_item"]), Str(Obj(events[3])["id"]));
        Assert.True(JsonNode.DeepEquals(after, Obj(events[4])));
        var previous = events[4]["data"]!["previous_attributes"]!.AsObject();
        Assert.Equal("""{"amount_due":0,"amount_remaining":0,"lines":{"data":[],"has_more":false,"object":"list","url":"/v1/invoices/""" + id +
            """/lines"},"metadata":{"m":null},"subtotal":0,"subtotal_excluding_tax":0,"total":0,"total_excluding_tax":0}""", Sorted(previous));
    }

    [Fact]
    public async Task Finalize_then_send_mark_uncollectible_pay_out_of_band()
    {
        var kit = new InvoiceKit(fixture.Client());
        var (_, id) = await kit.OpenSendInvoiceAsync(1000);
        var finalized = await kit.GetAsync(id);
        var sent = (await kit.ActionAsync(id, "send")).AssertOk().Body;
        var marked = (await kit.ActionAsync(id, "mark_uncollectible")).AssertOk().Body;
        var paid = (await kit.ActionAsync(id, "pay", ("paid_out_of_band", "true"))).AssertOk().Body;
        (await kit.ActionAsync(id, "pay", ("paid_out_of_band", "true"))).AssertError(System.Net.HttpStatusCode.BadRequest);

        var events = (await kit.EventsAsync()).Where(e => Type(e).StartsWith("invoice.", StringComparison.Ordinal) && Type(e) != "invoice.created" && Type(e) != "invoice.updated").ToList();
        Assert.Equal(["invoice.finalized", "invoice.sent", "invoice.marked_uncollectible", "invoice.paid"], events.Select(Type));
        Assert.True(JsonNode.DeepEquals(finalized, Obj(events[0])));
        Assert.True(JsonNode.DeepEquals(sent, Obj(events[1])));
        Assert.True(JsonNode.DeepEquals(marked, Obj(events[2])));
        Assert.True(JsonNode.DeepEquals(paid, Obj(events[3])));
        Assert.All(events, e => Assert.Null(e["data"]!["previous_attributes"]));
    }

    [Fact]
    public async Task Void_event()
    {
        var kit = new InvoiceKit(fixture.Client());
        var (_, id) = await kit.OpenInvoiceAsync(1000);
        var voided = (await kit.ActionAsync(id, "void")).AssertOk().Body;
        var e = (await kit.EventsAsync("invoice.voided")).Single();
        Assert.True(JsonNode.DeepEquals(voided, Obj(e)));
        // No balance was applied, so voiding gives nothing back: the customer is unchanged, no customer.updated.
        Assert.Equal("invoice.voided", Type((await kit.EventsAsync()).Last()));
    }

    [Fact]
    public async Task Finalize_and_void_announce_what_they_change_on_the_customer()
    {
        var kit = new InvoiceKit(fixture.Client());
        var customer = await kit.CustomerAsync(("balance", "-300"));
        var id = await kit.DraftAsync(customer);
        await kit.ItemAsync(customer, id, ("amount", "1000"));
        var open = await kit.FinalizeAsync(id);
        Assert.Equal(700, Long(open["amount_due"]));
        var afterFinalize = (await kit.Client.GetAsync($"/v1/customers/{customer}")).AssertOk().Body;
        (await kit.ActionAsync(id, "void")).AssertOk();
        var afterVoid = (await kit.Client.GetAsync($"/v1/customers/{customer}")).AssertOk().Body;

        var events = await kit.EventsAsync();
        Assert.Equal(["customer.created", "invoice.created", "invoiceitem.created", "invoice.updated",
            "invoice.finalized", "customer.updated", "invoice.voided", "customer.updated"], events.Select(Type));
        // Finalize: the number took the sequence and the balance was applied (the customer's currency was stamped with
        // the account's when it was given a balance).
        Assert.True(JsonNode.DeepEquals(afterFinalize, Obj(events[5])));
        Assert.Equal("""{"balance":-300,"next_invoice_sequence":1}""", Sorted(events[5]["data"]!["previous_attributes"]));
        Assert.Equal((0L, "usd", 2L), (Long(afterFinalize["balance"]), Str(afterFinalize["currency"]), Long(afterFinalize["next_invoice_sequence"])));
        // Void: the applied balance came back.
        Assert.True(JsonNode.DeepEquals(afterVoid, Obj(events[7])));
        Assert.Equal("""{"balance":0}""", Sorted(events[7]["data"]!["previous_attributes"]));
        Assert.Equal(-300, Long(afterVoid["balance"]));
        // Each customer.updated belongs to the request (and transaction) that made the change.
        Assert.Equal(Str(events[4]["request"]!["id"]), Str(events[5]["request"]!["id"]));
        Assert.Equal(Str(events[6]["request"]!["id"]), Str(events[7]["request"]!["id"]));
    }

    [Fact]
    public async Task Finalizing_for_a_deleted_customer_writes_no_customer_updated()
    {
        var kit = new InvoiceKit(fixture.Client());
        var customer = await kit.CustomerAsync();
        var id = await kit.DraftAsync(customer);
        await kit.ItemAsync(customer, id, ("amount", "1000"));
        (await kit.Client.DeleteAsync($"/v1/customers/{customer}")).AssertOk();
        (await kit.ActionAsync(id, "finalize")).AssertOk();
        Assert.Equal("invoice.finalized", Type((await kit.EventsAsync()).Last()));
    }

    [Fact]
    public async Task Zero_amount_finalize_is_finalized_paid_and_payment_succeeded()
    {
        var kit = new InvoiceKit(fixture.Client());
        var customer = await kit.CustomerAsync();
        var id = await kit.DraftAsync(customer, ("payment_settings[payment_method_types][0]", "custom"));
        var paid = await kit.FinalizeAsync(id);
        var events = (await kit.EventsAsync()).Skip(2).ToList();
        Assert.Equal(["invoice.finalized", "invoice.paid", "invoice.payment_succeeded", "customer.updated"], events.Select(Type));
        Assert.Equal("open", Str(Obj(events[0])["status"]));
        Assert.True(JsonNode.DeepEquals(paid, Obj(events[1])));
        Assert.True(JsonNode.DeepEquals(paid, Obj(events[2])));
        // Nothing applied from the balance, but the number took the sequence and the currency became the customer's.
        Assert.Equal(customer, Str(Obj(events[3])["id"]));
        Assert.Equal("""{"currency":null,"next_invoice_sequence":1}""", Sorted(events[3]["data"]!["previous_attributes"]));
    }

    /// <summary>
    /// Stripe's third-party-processor guide: sent at finalize for a custom-payment charge_automatically invoice with an
    /// amount due, and only with auto_advance on (invoices created through the API default to auto_advance=false).
    /// </summary>
    [Theory]
    [InlineData("charge_automatically", "custom", 1000, true, true)]
    [InlineData("charge_automatically", "custom", 1000, false, false)]
    [InlineData("charge_automatically", "card", 1000, true, false)]
    [InlineData("charge_automatically", null, 1000, true, false)]
    [InlineData("send_invoice", "custom", 1000, true, false)]
    [InlineData("charge_automatically", "custom", 0, true, false)]
    public async Task Payment_attempt_required_for_custom_charge_automatically_with_an_amount_due_and_auto_advance(
        string method, string? type, long amount, bool autoAdvance, bool expected)
    {
        var kit = new InvoiceKit(fixture.Client());
        var customer = await kit.CustomerAsync();
        var form = new List<(string, string)> { ("collection_method", method), ("auto_advance", autoAdvance ? "true" : "false") };
        if (method == "send_invoice") form.Add(("days_until_due", "30"));
        if (type is not null)
        {
            form.Add(("payment_settings[payment_method_types][0]", "card"));
            form.Add(("payment_settings[payment_method_types][1]", type));
        }
        var id = await kit.DraftAsync(customer, form.ToArray());
        if (amount != 0) await kit.ItemAsync(customer, id, ("amount", amount.ToString()));
        var finalized = await kit.FinalizeAsync(id);
        var events = await kit.EventsAsync("invoice.payment_attempt_required", "invoice.finalized");
        if (!expected)
        {
            Assert.Equal(["invoice.finalized"], events.Select(Type));
            return;
        }
        Assert.Equal(["invoice.finalized", "invoice.payment_attempt_required"], events.Select(Type));
        Assert.True(JsonNode.DeepEquals(finalized, Obj(events[1])));
        Assert.Equal("open", Str(Obj(events[1])["status"]));
        Assert.Equal(amount, Long(Obj(events[1])["amount_due"]));
    }

    [Fact]
    public async Task Setting_auto_advance_back_to_true_sends_payment_attempt_required()
    {
        var kit = new InvoiceKit(fixture.Client());
        var customer = await kit.CustomerAsync();
        var id = await kit.DraftAsync(customer, ("payment_settings[payment_method_types][0]", "custom"));
        await kit.ItemAsync(customer, id, ("amount", "1200"));
        await kit.FinalizeAsync(id);
        Assert.Empty(await kit.EventsAsync("invoice.payment_attempt_required"));

        var advanced = (await kit.Client.PostAsync($"/v1/invoices/{id}", ("auto_advance", "true"))).AssertOk().Body;
        var events = await kit.EventsAsync("invoice.payment_attempt_required");
        Assert.True(JsonNode.DeepEquals(advanced, Obj(Assert.Single(events))));
        Assert.Equal(1200, Long(Obj(events[0])["amount_due"]));

        // Already true: nothing more. Off and on again: once more.
        (await kit.Client.PostAsync($"/v1/invoices/{id}", ("auto_advance", "true"), ("metadata[k]", "v"))).AssertOk();
        Assert.Single(await kit.EventsAsync("invoice.payment_attempt_required"));
        (await kit.Client.PostAsync($"/v1/invoices/{id}", ("auto_advance", "false"))).AssertOk();
        (await kit.Client.PostAsync($"/v1/invoices/{id}", ("auto_advance", "true"))).AssertOk();
        Assert.Equal(2, (await kit.EventsAsync("invoice.payment_attempt_required")).Count);

        // A draft (not finalized yet) does not ask for a payment attempt; it will at finalize.
        var draft = await kit.DraftAsync(customer, ("payment_settings[payment_method_types][0]", "custom"));
        await kit.ItemAsync(customer, draft, ("amount", "500"));
        (await kit.Client.PostAsync($"/v1/invoices/{draft}", ("auto_advance", "true"))).AssertOk();
        Assert.Equal(2, (await kit.EventsAsync("invoice.payment_attempt_required")).Count);
        await kit.FinalizeAsync(draft);
        Assert.Equal(3, (await kit.EventsAsync("invoice.payment_attempt_required")).Count);
    }

    [Fact]
    public async Task A_refused_request_writes_no_event()
    {
        var kit = new InvoiceKit(fixture.Client());
        var (_, id) = await kit.OpenInvoiceAsync(1000);
        var before = (await kit.EventsAsync()).Count;
        (await kit.ActionAsync(id, "finalize")).AssertError(System.Net.HttpStatusCode.BadRequest);
        (await kit.ActionAsync(id, "pay")).AssertError(System.Net.HttpStatusCode.BadRequest);
        (await kit.ActionAsync(id, "add_lines", ("lines[0][amount]", "5"))).AssertError(System.Net.HttpStatusCode.BadRequest);
        Assert.Equal(before, (await kit.EventsAsync()).Count);
    }
}

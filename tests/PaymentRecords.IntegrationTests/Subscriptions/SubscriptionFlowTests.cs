using System.Net;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.Subscriptions.SubscriptionKit;

namespace PaymentRecords.IntegrationTests.Subscriptions;

/// <summary>
/// Stripe's guide "Integrate with third-party payment processors" (own processor), over HTTP: a subscription created
/// default_incomplete with an open first invoice, paid by a reported payment record attached to that invoice.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class SubscriptionFlowTests(ServerFixture fixture)
{
    private readonly SubscriptionKit _kit = new(fixture.Client());

    /// <summary>Recorded against Stripe: a subscription's items list oldest first, as the subscription shows them; cursors walk that order.</summary>
    [Fact]
    public async Task Subscription_items_list_oldest_first()
    {
        var (customer, pm) = await _kit.CustomerAsync();
        var sub = (await _kit.Client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", await _kit.PriceAsync(100)),
            ("default_payment_method", pm), ("collection_method", "send_invoice"), ("days_until_due", "30"))).AssertOk().Body;
        var first = Str(sub["items"]!["data"]![0]!["id"]);
        var second = (await _kit.Client.PostAsync("/v1/subscription_items", ("subscription", Str(sub["id"])), ("price", await _kit.PriceAsync(200)))).AssertOk().Id;
        var third = (await _kit.Client.PostAsync("/v1/subscription_items", ("subscription", Str(sub["id"])), ("price", await _kit.PriceAsync(300)))).AssertOk().Id;
        static List<string> Ids(StripeResponse r) => [.. r.Body["data"]!.AsArray().Select(i => Str(i!["id"]))];
        var all = (await _kit.Client.GetAsync("/v1/subscription_items", ("subscription", Str(sub["id"])))).AssertOk();
        Assert.Equal([first, second, third], Ids(all));
        var embedded = (await _kit.Client.GetAsync($"/v1/subscriptions/{Str(sub["id"])}")).AssertOk().Body["items"]!["data"]!.AsArray().Select(i => Str(i!["id"]));
        Assert.Equal([first, second, third], embedded);
        var page = (await _kit.Client.GetAsync("/v1/subscription_items", ("subscription", Str(sub["id"])), ("limit", "1"), ("starting_after", first))).AssertOk();
        Assert.Equal([second], Ids(page));
        Assert.True(page.Body["has_more"]!.GetValue<bool>());
        var back = (await _kit.Client.GetAsync("/v1/subscription_items", ("subscription", Str(sub["id"])), ("ending_before", third))).AssertOk();
        Assert.Equal([first, second], Ids(back));
        Assert.False(back.Body["has_more"]!.GetValue<bool>());
    }

    /// <summary>Subscription item refusals recorded against Stripe: wording, param and status.</summary>
    [Fact]
    public async Task Subscription_item_refusals_are_stripes_recorded_ones()
    {
        (await _kit.Client.GetAsync("/v1/subscription_items/si_nope")).AssertError(HttpStatusCode.NotFound);
        var missing = await _kit.Client.GetAsync("/v1/subscription_items/si_nope");
        Assert.Equal("Invalid subscription_item id: si_nope", missing.ErrorMessage);
        Assert.Null(missing.ErrorCode);
        Assert.Null(missing.ErrorParam);

        var (customer, pm) = await _kit.CustomerAsync();
        var usd = await _kit.PriceAsync(2500);
        var eur = await _kit.PriceAsync(900, currency: "eur");
        var mixed = (await _kit.Client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", usd), ("items[1][price]", eur)))
            .AssertRefusedWithoutCode("This `price` has `currency=eur`, but other items use `currency=usd`. All items must have pricing in the same currency. When using multi-currency prices, you can specify `currency` at the top level, to be used by all items.");
        Assert.Equal("items[1][price]", mixed.ErrorParam);

        var created = (await _kit.Client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", usd),
            ("default_payment_method", pm), ("collection_method", "send_invoice"), ("days_until_due", "30"))).AssertOk().Body;
        var sub = Str(created["id"]);
        var item = Str(created["items"]!["data"]![0]!["id"]);
        var other = (await _kit.Client.PostAsync("/v1/subscription_items", ("subscription", sub), ("price", eur)))
            .AssertRefusedWithoutCode("The price specified only supports `eur`. This doesn't match the expected currency: `usd`.");
        Assert.Equal("price", other.ErrorParam);
        (await _kit.Client.DeleteAsync($"/v1/subscriptions/{sub}")).AssertOk();
        var canceled = (await _kit.Client.PostAsync("/v1/subscription_items", ("subscription", sub), ("price", await _kit.PriceAsync(100))))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "subscription");
        Assert.Equal($"No such subscription: '{sub}'", canceled.ErrorMessage);
        // An item of the ended subscription is refused in our words (not recorded), never with the subscription's.
        (await _kit.Client.PostAsync($"/v1/subscription_items/{item}", ("quantity", "2")))
            .AssertRefusedWithoutCode($"The subscription {sub} is canceled: its items can no longer be changed.");
        (await _kit.Client.DeleteAsync($"/v1/subscription_items/{item}"))
            .AssertRefusedWithoutCode($"The subscription {sub} is canceled: its items can no longer be changed.");
    }

    /// <summary>The create refusals recorded against Stripe: their wording and param, no code.</summary>
    [Fact]
    public async Task Create_refusals_are_stripes_recorded_ones()
    {
        var (customer, _) = await _kit.CustomerAsync();
        var price = await _kit.PriceAsync();
        var twice = (await _kit.Client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", price), ("items[1][price]", price)))
            .AssertRefusedWithoutCode($"Cannot create a Subscription with multiple Subscription Items with the same Price: {price}");
        Assert.Equal("plan", twice.ErrorParam);
        var past = (await _kit.Client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", price), ("trial_end", "1000")))
            .AssertRefusedWithoutCode("The parameter `trial_end` expects a unix timestamp representing a date and time in the future. You specified the value `1000` which is in the past.");
        Assert.Equal("trial_end", past.ErrorParam);
        var pending = (await _kit.Client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", price), ("payment_behavior", "pending_if_incomplete")))
            .AssertRefusedWithoutCode("Setting `payment_behavior` to `pending_if_incomplete` has no effect when creating a subscription.");
        Assert.Equal("payment_behavior", pending.ErrorParam);
        (await _kit.Client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", price), ("days_until_due", "5")))
            .AssertRefusedWithoutCode("You can only specify 'days_until_due' if invoice collection method is 'send_invoice'.");
        (await _kit.Client.PostAsync("/v1/invoices", ("customer", customer), ("days_until_due", "5")))
            .AssertRefusedWithoutCode("You can only specify 'due_date' or 'days_until_due' if invoice collection method is 'send_invoice'.");
        Assert.Empty((await _kit.Client.GetAsync("/v1/subscriptions", ("customer", customer))).AssertOk().Body["data"]!.AsArray());
    }

    [Fact]
    public async Task Default_incomplete_subscription_is_paid_by_an_attached_payment_record_and_turns_active()
    {
        var price = await _kit.PriceAsync(2500);
        var (customer, pm) = await _kit.CustomerAsync();

        var created = (await _kit.CreateAsync(customer, price, ("items[0][quantity]", "2"), ("metadata[plan]", "gold"))).AssertOk().Body;
        var subId = Str(created["id"]);
        Assert.StartsWith("sub_", subId);
        Assert.Equal("incomplete", Str(created["status"]));
        Assert.Equal("charge_automatically", Str(created["collection_method"]));
        Assert.Equal("usd", Str(created["currency"]));
        Assert.Null(created["default_payment_method"]);
        Assert.Equal("on_subscription", Str(created["payment_settings"]!["save_default_payment_method"]));
        var item = created["items"]!["data"]![0]!;
        Assert.StartsWith("si_", Str(item["id"]));
        Assert.Equal(2, Long(item["quantity"]));
        Assert.Equal(price, Str(item["price"]!["id"]));
        Assert.Equal(price, Str(item["plan"]!["id"]));
        var start = Long(item["current_period_start"]);
        Assert.Equal(Long(created["billing_cycle_anchor"]), start);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(start).AddMonths(1).ToUnixTimeSeconds(), Long(item["current_period_end"]));

        var invoice = created["latest_invoice"]!;
        Assert.Equal("open", Str(invoice["status"]));
        Assert.Equal("subscription_create", Str(invoice["billing_reason"]));
        Assert.True(invoice["auto_advance"]!.GetValue<bool>());
        Assert.Equal(5000, Long(invoice["amount_due"]));
        Assert.Equal("subscription_details", Str(invoice["parent"]!["type"]));
        Assert.Equal(subId, Str(invoice["parent"]!["subscription_details"]!["subscription"]));
        Assert.Equal("gold", Str(invoice["parent"]!["subscription_details"]!["metadata"]!["plan"]));
        var line = invoice["lines"]!["data"]![0]!;
        Assert.Equal("subscription_item_details", Str(line["parent"]!["type"]));
        Assert.Equal(Str(item["id"]), Str(line["parent"]!["subscription_item_details"]!["subscription_item"]));
        Assert.Equal(subId, Str(line["subscription"]));
        Assert.Equal(price, Str(line["pricing"]!["price_details"]!["price"]));
        Assert.Equal(5000, Long(line["amount"]));
        Assert.Equal("2 × Gold (at $25.00 / month)", Str(line["description"]));
        Assert.Equal(start, Long(line["period"]!["start"]));
        Assert.Equal(Long(item["current_period_end"]), Long(line["period"]!["end"]));

        // Step 2: the custom payment method on the subscription.
        var updated = (await _kit.Client.PostAsync($"/v1/subscriptions/{subId}", ("default_payment_method", pm))).AssertOk().Body;
        Assert.Equal(pm, Str(updated["default_payment_method"]));
        Assert.Equal("incomplete", Str(updated["status"]));

        // Step 3: report the payment and attach it to the invoice.
        var record = await _kit.ReportAsync(customer, pm, 5000);
        var paid = (await _kit.AttachAsync(Str(invoice["id"]), record)).AssertOk().Body;
        Assert.Equal("paid", Str(paid["status"]));
        var active = await _kit.GetAsync(subId);
        Assert.Equal("active", Str(active["status"]));
        Assert.Equal(pm, Str(active["default_payment_method"]));

        var types = (await _kit.EventsAsync()).Select(e => Str(e["type"])).ToList();
        Assert.True(types.IndexOf("customer.subscription.created") < types.IndexOf("invoice.created"));
        Assert.True(types.IndexOf("invoice.created") < types.IndexOf("invoice.finalized"));
        var activation = (await _kit.EventsAsync("customer.subscription.updated")).Last();
        Assert.Equal("active", Str(activation["data"]!["object"]!["status"]));
        Assert.Equal("incomplete", Str(activation["data"]!["previous_attributes"]!["status"]));
        Assert.Equal(types.IndexOf("invoice.paid") + 2, types.LastIndexOf("customer.subscription.updated"));
    }

    [Fact]
    public async Task A_custom_default_payment_method_requires_a_payment_attempt_on_the_first_invoice()
    {
        var price = await _kit.PriceAsync(1200);
        var (customer, pm) = await _kit.CustomerAsync();
        var sub = (await _kit.CreateAsync(customer, price, ("default_payment_method", pm))).AssertOk().Body;
        var invoiceId = Str(sub["latest_invoice"]!["id"]);
        var required = await _kit.EventsAsync("invoice.payment_attempt_required");
        Assert.Contains(required, e => Str(e["data"]!["object"]!["id"]) == invoiceId);

        // payment_method_types including custom requires it too, with no default payment method.
        var other = (await _kit.CreateAsync(customer, price, ("payment_settings[payment_method_types][0]", "custom"))).AssertOk().Body;
        Assert.Equal("custom", Str(other["payment_settings"]!["payment_method_types"]![0]));
        required = await _kit.EventsAsync("invoice.payment_attempt_required");
        Assert.Contains(required, e => Str(e["data"]!["object"]!["id"]) == Str(other["latest_invoice"]!["id"]));
    }

    [Fact]
    public async Task Cancellation_details_go_with_cancel_at_period_end_on_update()
    {
        var price = await _kit.PriceAsync(1000);
        var (customer, pm) = await _kit.CustomerAsync();
        var sub = (await _kit.CreateAsync(customer, price)).AssertOk().Body;
        (await _kit.AttachAsync(Str(sub["latest_invoice"]!["id"]), await _kit.ReportAsync(customer, pm, 1000))).AssertOk();

        var updated = (await _kit.Client.PostAsync($"/v1/subscriptions/{Str(sub["id"])}", ("cancel_at_period_end", "true"),
            ("cancellation_details[comment]", "Moving to annual"), ("cancellation_details[feedback]", "too_expensive"))).AssertOk().Body;
        var details = updated["cancellation_details"]!;
        Assert.Equal(("Moving to annual", "too_expensive", "cancellation_requested"),
            (Str(details["comment"]), Str(details["feedback"]), Str(details["reason"])));
        var cleared = (await _kit.Client.PostAsync($"/v1/subscriptions/{Str(sub["id"])}", ("cancellation_details[comment]", ""))).AssertOk().Body;
        Assert.Null(cleared["cancellation_details"]!["comment"]);
        Assert.Equal("too_expensive", Str(cleared["cancellation_details"]!["feedback"]));
    }

    [Fact]
    public async Task Deleting_the_customer_cancels_its_subscriptions_at_once()
    {
        var price = await _kit.PriceAsync(1000);
        var (customer, pm) = await _kit.CustomerAsync();
        var sub = (await _kit.CreateAsync(customer, price)).AssertOk().Body;
        (await _kit.AttachAsync(Str(sub["latest_invoice"]!["id"]), await _kit.ReportAsync(customer, pm, 1000))).AssertOk();
        Assert.Equal("active", Str((await _kit.GetAsync(Str(sub["id"])))["status"]));

        // "Also immediately cancels any active subscriptions on the customer."
        (await _kit.Client.DeleteAsync($"/v1/customers/{customer}")).AssertOk();
        var after = await _kit.GetAsync(Str(sub["id"]));
        Assert.Equal(("canceled", "cancellation_requested"), (Str(after["status"]), Str(after["cancellation_details"]!["reason"])));
        Assert.Equal(Str(sub["id"]), Str(Assert.Single(await _kit.EventsAsync("customer.subscription.deleted"))["data"]!["object"]!["id"]));
    }

    [Fact]
    public async Task A_failed_attempt_leaves_the_invoice_open_and_the_subscription_incomplete()
    {
        var price = await _kit.PriceAsync(1000);
        var (customer, pm) = await _kit.CustomerAsync();
        var sub = (await _kit.CreateAsync(customer, price)).AssertOk().Body;
        var invoiceId = Str(sub["latest_invoice"]!["id"]);
        var record = await _kit.ReportAsync(customer, pm, 1000, guaranteed: false);
        Assert.Equal("open", Str((await _kit.AttachAsync(invoiceId, record)).AssertOk().Body["status"]));
        (await _kit.Client.PostAsync($"/v1/payment_records/{record}/report_payment_attempt_failed", ("failed_at", "1730000100"))).AssertOk();

        Assert.Equal("open", Str((await _kit.Client.GetAsync($"/v1/invoices/{invoiceId}")).AssertOk().Body["status"]));
        var after = await _kit.GetAsync(Str(sub["id"]));
        Assert.Equal("incomplete", Str(after["status"]));
        Assert.Null(after["default_payment_method"]);
        Assert.Empty(await _kit.EventsAsync("customer.subscription.updated"));
        // "Occurs whenever an invoice payment attempt fails": the first invoice's too.
        Assert.Equal(invoiceId, Str(Assert.Single(await _kit.EventsAsync("invoice.payment_failed"))["data"]!["object"]!["id"]));

        // The guide's order (report the failure, then attach the record) says the same.
        var reportedFailed = (await _kit.Client.PostAsync("/v1/payment_records/report_payment",
            ("amount_requested[currency]", "usd"), ("amount_requested[value]", "1000"), ("initiated_at", "1730000000"),
            ("payment_method_details[payment_method]", pm), ("customer_details[customer]", customer),
            ("outcome", "failed"), ("failed[failed_at]", "1730000100"))).AssertOk().Id;
        Assert.Equal("open", Str((await _kit.AttachAsync(invoiceId, reportedFailed)).AssertOk().Body["status"]));
        Assert.Equal(2, (await _kit.EventsAsync("invoice.payment_failed")).Count);
        Assert.Equal("incomplete", Str((await _kit.GetAsync(Str(sub["id"])))["status"]));

        // A later guaranteed payment still activates it.
        var retry = await _kit.ReportAsync(customer, pm, 1000);
        Assert.Equal("paid", Str((await _kit.AttachAsync(invoiceId, retry)).AssertOk().Body["status"]));
        Assert.Equal("active", Str((await _kit.GetAsync(Str(sub["id"])))["status"]));
    }

    [Fact]
    public async Task An_attached_record_reported_guaranteed_later_activates_the_subscription()
    {
        var price = await _kit.PriceAsync(800);
        var (customer, pm) = await _kit.CustomerAsync();
        var sub = (await _kit.CreateAsync(customer, price)).AssertOk().Body;
        var record = await _kit.ReportAsync(customer, pm, 800, guaranteed: false);
        (await _kit.AttachAsync(Str(sub["latest_invoice"]!["id"]), record)).AssertOk();
        Assert.Equal("incomplete", Str((await _kit.GetAsync(Str(sub["id"])))["status"]));
        (await _kit.Client.PostAsync($"/v1/payment_records/{record}/report_payment_attempt_guaranteed", ("guaranteed_at", "1730000100"))).AssertOk();
        var after = await _kit.GetAsync(Str(sub["id"]));
        Assert.Equal("active", Str(after["status"]));
        Assert.Equal(pm, Str(after["default_payment_method"]));
    }

    [Fact]
    public async Task Send_invoice_subscriptions_start_active_with_a_due_date()
    {
        var price = await _kit.PriceAsync(900, interval: "week", intervalCount: 2);
        var (customer, _) = await _kit.CustomerAsync();
        var sub = (await _kit.Client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", price),
            ("collection_method", "send_invoice"), ("days_until_due", "10"), ("expand[]", "latest_invoice"))).AssertOk().Body;
        Assert.Equal("active", Str(sub["status"]));
        Assert.Equal(10, Long(sub["days_until_due"]));
        var invoice = sub["latest_invoice"]!;
        Assert.Equal("send_invoice", Str(invoice["collection_method"]));
        // Recorded against Stripe: the first invoice stays a draft, auto_advance on, due days_until_due after it was made.
        Assert.Equal(("draft", true, null, false), (Str(invoice["status"]), invoice["auto_advance"]!.GetValue<bool>(), invoice["number"]?.GetValue<string>(),
            invoice["attempted"]!.GetValue<bool>()));
        Assert.Equal(Long(invoice["created"]) + 10 * 86_400, Long(invoice["due_date"]));
        Assert.Equal(Long(invoice["created"]) + 3600, Long(invoice["automatically_finalizes_at"]));
        Assert.Null(invoice["next_payment_attempt"]);
        var item = sub["items"]!["data"]![0]!;
        Assert.Equal(Long(item["current_period_start"]) + 14 * 86_400, Long(item["current_period_end"]));
        Assert.Empty(await _kit.EventsAsync("invoice.payment_attempt_required"));
        Assert.Empty(await _kit.EventsAsync("invoice.finalized"));
    }

    [Fact]
    public async Task Paying_the_first_invoice_out_of_band_activates_the_subscription()
    {
        var price = await _kit.PriceAsync(700);
        var (customer, _) = await _kit.CustomerAsync();
        var sub = (await _kit.CreateAsync(customer, price)).AssertOk().Body;
        (await _kit.Client.PostAsync($"/v1/invoices/{Str(sub["latest_invoice"]!["id"])}/pay", ("paid_out_of_band", "true"))).AssertOk();
        var after = await _kit.GetAsync(Str(sub["id"]));
        Assert.Equal("active", Str(after["status"]));
        Assert.Null(after["default_payment_method"]);
    }

    [Fact]
    public async Task An_empty_default_payment_method_clears_it()
    {
        var price = await _kit.PriceAsync(500);
        var (customer, pm) = await _kit.CustomerAsync();
        var id = Str((await _kit.CreateAsync(customer, price, ("default_payment_method", pm))).AssertOk().Body["id"]);
        // Recorded against Stripe: "" clears the field, though the spec gives it no empty form.
        var cleared = (await _kit.Client.PostAsync($"/v1/subscriptions/{id}", ("default_payment_method", ""))).AssertOk().Body;
        Assert.Null(cleared["default_payment_method"]);
        Assert.Null((await _kit.GetAsync(id))["default_payment_method"]);
    }

    [Fact]
    public async Task Cancel_ends_the_subscription_now()
    {
        var price = await _kit.PriceAsync(500);
        var (customer, _) = await _kit.CustomerAsync();
        var sub = (await _kit.CreateAsync(customer, price)).AssertOk().Body;
        var id = Str(sub["id"]);
        var canceled = (await _kit.Client.SendAsync(HttpMethod.Delete, $"/v1/subscriptions/{id}",
            [("cancellation_details[comment]", "moving"), ("cancellation_details[feedback]", "too_expensive")], null)).AssertOk().Body;
        Assert.Equal("canceled", Str(canceled["status"]));
        Assert.NotNull(canceled["canceled_at"]);
        Assert.Equal(Long(canceled["canceled_at"]), Long(canceled["ended_at"]));
        Assert.Equal("cancellation_requested", Str(canceled["cancellation_details"]!["reason"]));
        Assert.Equal("too_expensive", Str(canceled["cancellation_details"]!["feedback"]));
        Assert.Equal("moving", Str(canceled["cancellation_details"]!["comment"]));
        var deleted = Assert.Single(await _kit.EventsAsync("customer.subscription.deleted"));
        Assert.Equal(id, Str(deleted["data"]!["object"]!["id"]));

        // Recorded against Stripe: a second cancel finds nothing; an update takes only metadata and cancellation_details.
        var again = (await _kit.Client.DeleteAsync($"/v1/subscriptions/{id}")).AssertError(HttpStatusCode.NotFound, "resource_missing", "id");
        Assert.Equal($"No such subscription: '{id}'", again.ErrorMessage);
        (await _kit.Client.SendAsync(HttpMethod.Delete, $"/v1/subscriptions/{id}", [("prorate", "true"), ("invoice_now", "true")], null))
            .AssertError(HttpStatusCode.NotFound, "resource_missing", "id");
        var updates = (await _kit.EventsAsync("customer.subscription.updated")).Count;
        var noted = (await _kit.Client.PostAsync($"/v1/subscriptions/{id}", ("metadata[k]", "v"), ("cancellation_details[comment]", "gone")))
            .AssertOk().Body;
        Assert.Equal(("v", "gone", "canceled"), (Str(noted["metadata"]!["k"]), Str(noted["cancellation_details"]!["comment"]), Str(noted["status"])));
        Assert.Equal(updates + 1, (await _kit.EventsAsync("customer.subscription.updated")).Count);
        foreach (var form in new[] { new[] { ("description", "x") }, [("metadata[k]", "w"), ("cancel_at_period_end", "true")] })
            (await _kit.Client.PostAsync($"/v1/subscriptions/{id}", form))
                .AssertRefusedWithoutCode("A canceled subscription can only update its cancellation_details and metadata.");
        Assert.Equal("v", Str((await _kit.Client.GetAsync($"/v1/subscriptions/{id}")).AssertOk().Body["metadata"]!["k"]));
        // The open invoice stays open (as Stripe leaves it).
        Assert.Equal("open", Str((await _kit.Client.GetAsync($"/v1/invoices/{Str(sub["latest_invoice"]!["id"])}")).AssertOk().Body["status"]));
    }

    [Fact]
    public async Task List_filters_by_customer_price_status_and_collection_method()
    {
        var gold = await _kit.PriceAsync(100);
        var silver = await _kit.PriceAsync(50);
        var (customer, _) = await _kit.CustomerAsync();
        var incomplete = Str((await _kit.CreateAsync(customer, gold)).AssertOk().Body["id"]);
        var active = Str((await _kit.Client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", silver),
            ("collection_method", "send_invoice"), ("days_until_due", "30"))).AssertOk().Body["id"]);
        var canceled = Str((await _kit.CreateAsync(customer, silver)).AssertOk().Body["id"]);
        (await _kit.Client.DeleteAsync($"/v1/subscriptions/{canceled}")).AssertOk();

        async Task<List<string>> Ids(params (string, string)[] query) =>
            (await _kit.Client.GetAsync("/v1/subscriptions", [("customer", customer), .. query])).AssertOk().Body["data"]!.AsArray()
                .Select(s => Str(s!["id"])).ToList();

        Assert.Equal([active, incomplete], await Ids());
        Assert.Equal([canceled, active, incomplete], await Ids(("status", "all")));
        Assert.Equal([canceled], await Ids(("status", "ended")));
        Assert.Equal([canceled], await Ids(("status", "canceled")));
        Assert.Equal([incomplete], await Ids(("status", "incomplete")));
        Assert.Equal([active], await Ids(("price", silver)));
        Assert.Equal([active], await Ids(("collection_method", "send_invoice")));
        Assert.Equal([incomplete], await Ids(("limit", "1"), ("starting_after", active)));

        (await _kit.Client.GetAsync("/v1/subscriptions", ("customer", "cus_missing"))).AssertError(HttpStatusCode.NotFound, param: "customer");
        (await _kit.Client.GetAsync("/v1/subscriptions", ("price", "price_missing"))).AssertError(HttpStatusCode.NotFound, param: "price");
        (await _kit.Client.GetAsync("/v1/subscriptions", ("current_period_end[gt]", "1"))).AssertError(HttpStatusCode.BadRequest, param: "current_period_end");

        var withSubs = (await _kit.Client.GetAsync($"/v1/customers/{customer}", ("expand[]", "subscriptions"))).AssertOk().Body;
        Assert.Equal([active, incomplete], withSubs["subscriptions"]!["data"]!.AsArray().Select(x => Str(x!["id"])).ToList());

        var invoices = (await _kit.Client.GetAsync("/v1/invoices", ("subscription", incomplete))).AssertOk().Body["data"]!.AsArray();
        Assert.Equal(incomplete, Str(Assert.Single(invoices)!["parent"]!["subscription_details"]!["subscription"]));
        (await _kit.Client.GetAsync("/v1/invoices", ("subscription", "sub_missing"))).AssertError(HttpStatusCode.NotFound, param: "subscription");
    }

    [Fact]
    public async Task Subscription_items_are_retrieved_and_listed()
    {
        var a = await _kit.PriceAsync(100);
        var b = await _kit.PriceAsync(200, interval: "year");
        var (customer, _) = await _kit.CustomerAsync();
        var sub = (await _kit.Client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", a),
            ("items[1][price]", b), ("items[1][quantity]", "3"), ("items[1][metadata][seat]", "x"), ("payment_behavior", "default_incomplete"))).AssertOk().Body;
        Assert.Equal(700, Long((await _kit.Client.GetAsync($"/v1/invoices/{Str(sub["latest_invoice"])}")).AssertOk().Body["amount_due"]));
        var second = sub["items"]!["data"]![1]!;
        var got = (await _kit.Client.GetAsync($"/v1/subscription_items/{Str(second["id"])}")).AssertOk().Body;
        Assert.Equal("x", Str(got["metadata"]!["seat"]));
        Assert.Equal(3, Long(got["quantity"]));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Long(got["current_period_start"])).AddYears(1).ToUnixTimeSeconds(), Long(got["current_period_end"]));
        var listed = (await _kit.Client.GetAsync("/v1/subscription_items", ("subscription", Str(sub["id"])))).AssertOk().Body["data"]!.AsArray();
        Assert.Equal(2, listed.Count);
        (await _kit.Client.GetAsync("/v1/subscription_items", ("subscription", "sub_missing"))).AssertError(HttpStatusCode.NotFound, param: "subscription");
        (await _kit.Client.GetAsync("/v1/subscription_items/si_missing")).AssertError(HttpStatusCode.NotFound);
        (await _kit.Client.PostAsync($"/v1/subscription_items/{Str(second["id"])}", ("quantity", "4"))).AssertError(HttpStatusCode.BadRequest);
        // Lines a subscription billed are not invoice items.
        Assert.Empty((await _kit.Client.GetAsync("/v1/invoiceitems", ("customer", customer))).AssertOk().Body["data"]!.AsArray());
    }

    [Fact]
    public async Task Without_default_incomplete_a_charge_automatically_subscription_needs_a_payment_method_to_charge()
    {
        var price = await _kit.PriceAsync(100);
        var (customer, pm) = await _kit.CustomerAsync();
        // The payment method is attached but is nobody's default: Stripe still has nothing to charge.
        foreach (var behavior in new[] { null, "allow_incomplete", "error_if_incomplete" })
        {
            var form = new List<(string, string)> { ("customer", customer), ("items[0][price]", price) };
            if (behavior is not null) form.Add(("payment_behavior", behavior));
            var refused = (await _kit.Client.PostAsync("/v1/subscriptions", [.. form])).AssertError(HttpStatusCode.BadRequest, "resource_missing");
            Assert.Equal("This customer has no attached payment source or default payment method. Please consider adding a default payment method. For more information, visit https://stripe.com/docs/billing/subscriptions/payment-methods-setting#payment-method-priority.",
                refused.ErrorMessage);
            Assert.Null(refused.ErrorParam);
        }
        Assert.Empty((await _kit.Client.GetAsync("/v1/subscriptions", ("customer", customer))).AssertOk().Body["data"]!.AsArray());
        Assert.Empty((await _kit.Client.GetAsync("/v1/invoices", ("customer", customer))).AssertOk().Body["data"]!.AsArray());

        // default_incomplete, a trial, send_invoice, and a default payment method (the subscription's or the customer's) are fine.
        Assert.Equal("incomplete", Str((await _kit.Client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", price),
            ("payment_behavior", "default_incomplete"))).AssertOk().Body["status"]));
        Assert.Equal("trialing", Str((await _kit.Client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", price),
            ("trial_period_days", "7"))).AssertOk().Body["status"]));
        Assert.Equal("active", Str((await _kit.Client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", price),
            ("collection_method", "send_invoice"), ("days_until_due", "30"))).AssertOk().Body["status"]));
        var (other, otherPm) = await _kit.CustomerAsync();
        Assert.Equal("incomplete", Str((await _kit.Client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", price),
            ("default_payment_method", pm))).AssertOk().Body["status"]));
        (await _kit.Client.PostAsync($"/v1/customers/{other}", ("invoice_settings[default_payment_method]", otherPm))).AssertOk();
        Assert.Equal("incomplete", Str((await _kit.Client.PostAsync("/v1/subscriptions", ("customer", other), ("items[0][price]", price))).AssertOk().Body["status"]));
    }

    [Fact]
    public async Task What_is_not_built_is_refused_naming_the_parameter()
    {
        var price = await _kit.PriceAsync(100);
        var oneTime = await _kit.PriceAsync(100, recurring: false);
        var (customer, pm) = await _kit.CustomerAsync();
        async Task Refused(string param, params (string, string)[] form) =>
            (await _kit.Client.PostAsync("/v1/subscriptions", [("customer", customer), .. form])).AssertError(HttpStatusCode.BadRequest, param: param);

        await Refused("payment_behavior", ("items[0][price]", price), ("payment_behavior", "pending_if_incomplete"));
        await Refused("payment_behavior", ("items[0][price]", price), ("payment_behavior", "error_if_incomplete"), ("default_payment_method", pm));
        await Refused("trial_end", ("items[0][price]", price), ("trial_from_plan", "true"), ("trial_end", "now"));
        await Refused("items[0][plan]", ("items[0][plan]", price));
        await Refused("items[0][price]", ("items[0][price]", oneTime));
        await Refused("items", ("description", "no items"));
        await Refused("days_until_due", ("items[0][price]", price), ("days_until_due", "3"));
        await Refused("payment_settings[payment_method_options]", ("items[0][price]", price),
            ("payment_settings[payment_method_options][card][request_three_d_secure]", "any"));
        await Refused("billing_mode[type]", ("items[0][price]", price), ("billing_mode[type]", "classic"));
        await Refused("billing_mode[flexible][proration_discounts]", ("items[0][price]", price), ("billing_mode[type]", "flexible"),
            ("billing_mode[flexible][proration_discounts]", "itemized"));
        // What every subscription here renders is accepted.
        var flexible = (await _kit.Client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", price),
            ("billing_mode[type]", "flexible"), ("billing_mode[flexible][proration_discounts]", "included"), ("default_payment_method", pm))).AssertOk().Body;
        Assert.Equal("included", Str(flexible["billing_mode"]!["flexible"]!["proration_discounts"]));
        (await _kit.Client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", "price_missing")))
            .AssertError(HttpStatusCode.NotFound, param: "items[0][price]");
        var stranger = (await _kit.Client.PostAsync("/v1/payment_methods", PaymentMethods.PaymentMethodTests.Custom())).AssertOk().Id;
        (await _kit.Client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", price), ("default_payment_method", stranger)))
            .AssertError(HttpStatusCode.BadRequest, param: "default_payment_method");

        // error_if_incomplete is fine when nothing waits for a payment (send_invoice).
        (await _kit.Client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", price),
            ("collection_method", "send_invoice"), ("days_until_due", "30"), ("payment_behavior", "error_if_incomplete"))).AssertOk();

        var sub = (await _kit.CreateAsync(customer, price)).AssertOk().Body;
        var id = Str(sub["id"]);
        (await _kit.Client.PostAsync($"/v1/subscriptions/{id}", ("items[0][id]", Str(sub["items"]!["data"]![0]!["id"])), ("items[0][quantity]", "2")))
            .AssertError(HttpStatusCode.BadRequest, param: "items");
        (await _kit.Client.PostAsync($"/v1/subscriptions/{id}", ("proration_behavior", "none"))).AssertError(HttpStatusCode.BadRequest, param: "proration_behavior");
        var deleteInvoice = (await _kit.Client.DeleteAsync($"/v1/invoices/{Str(sub["latest_invoice"]!["id"])}")).AssertError(HttpStatusCode.BadRequest);
        Assert.Equal("You can't delete invoices created by subscriptions.", deleteInvoice.ErrorMessage);
        (await _kit.Client.GetAsync("/v1/subscriptions/sub_missing")).AssertError(HttpStatusCode.NotFound, param: "id");
        // An invoice for the subscription with nothing pending (TestClocks/SubscriptionPendingInvoiceItemsTests.cs: the rest).
        (await _kit.Client.PostAsync("/v1/invoices", ("customer", customer), ("subscription", id)))
            .AssertError(HttpStatusCode.BadRequest, "invoice_no_subscription_line_items");
        (await _kit.Client.PostAsync("/v1/invoices", ("customer", customer), ("subscription", "sub_missing"))).AssertError(HttpStatusCode.NotFound, param: "subscription");

        (await _kit.Client.PostAsync($"/v1/subscriptions/{id}", ("days_until_due", "5"))).AssertError(HttpStatusCode.BadRequest, param: "days_until_due");
        // Update: metadata, description, cancel_at_period_end, collection method, payment settings.
        var updated = (await _kit.Client.PostAsync($"/v1/subscriptions/{id}", ("metadata[a]", "1"), ("description", "d"),
            ("cancel_at_period_end", "true"), ("collection_method", "send_invoice"), ("days_until_due", "5"),
            ("payment_settings[payment_method_types][0]", "custom"), ("default_payment_method", pm))).AssertOk().Body;
        Assert.Equal("1", Str(updated["metadata"]!["a"]));
        Assert.Equal("d", Str(updated["description"]));
        Assert.True(updated["cancel_at_period_end"]!.GetValue<bool>());
        Assert.Equal("send_invoice", Str(updated["collection_method"]));
        Assert.Equal(5, Long(updated["days_until_due"]));
        Assert.Equal("on_subscription", Str(updated["payment_settings"]!["save_default_payment_method"]));
        Assert.Equal("custom", Str(updated["payment_settings"]!["payment_method_types"]![0]));
        var cleared = (await _kit.Client.PostAsync($"/v1/subscriptions/{id}", ("description", ""), ("metadata", ""))).AssertOk().Body;
        Assert.Null(cleared["description"]);
        Assert.Empty(cleared["metadata"]!.AsObject());
        var previous = (await _kit.EventsAsync("customer.subscription.updated")).Last()["data"]!["previous_attributes"]!;
        Assert.Equal("d", Str(previous["description"]));
    }
}

using System.Net;
using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.Subscriptions.SubscriptionKit;

namespace PaymentRecords.IntegrationTests.Subscriptions;

/// <summary>
/// Price and quantity changes mid-period over HTTP, on 30-day prices (a period of exactly 2,592,000 s) with a
/// proration_date, so every amount is hand-computable: amount × quantity × (end − t) / (end − start).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class SubscriptionProrationTests(ServerFixture fixture)
{
    private const long Period = 30 * 86_400;
    private readonly SubscriptionKit _kit = new(fixture.Client());

    /// <summary>An active (send_invoice) subscription on one 30-day price; returns it and its only item.</summary>
    private async Task<(JsonObject Sub, string Item, string Customer)> ActiveAsync(string price, long quantity = 1)
    {
        var (customer, _) = await _kit.CustomerAsync();
        var sub = (await _kit.Client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", price),
            ("items[0][quantity]", S(quantity)), ("collection_method", "send_invoice"), ("days_until_due", "30"))).AssertOk().Body;
        Assert.Equal("active", Str(sub["status"]));
        return (sub, Str(sub["items"]!["data"]![0]!["id"]), customer);
    }

    private Task<string> Price30DaysAsync(long amount) => _kit.PriceAsync(amount, interval: "day", intervalCount: 30);

    private static long Start(JsonObject sub) => Long(sub["items"]!["data"]![0]!["current_period_start"]);

    /// <summary>The customer's pending items, oldest first (within one second: credits before charges, as they were made).</summary>
    private async Task<List<JsonObject>> PendingAsync(string customer) =>
        (await _kit.Client.GetAsync("/v1/invoiceitems", ("customer", customer), ("pending", "true"))).AssertOk().Body["data"]!.AsArray()
        .Select(i => i!.AsObject()).OrderBy(i => Long(i["date"])).ThenBy(i => Long(i["amount"]) < 0 ? 0 : 1).ToList();

    [Fact]
    public async Task Upgrade_halfway_credits_the_unused_half_of_the_old_price_and_charges_the_remaining_half_of_the_new()
    {
        var basic = await Price30DaysAsync(2500);
        var pro = await Price30DaysAsync(4000);
        var (sub, item, customer) = await ActiveAsync(basic);
        var id = Str(sub["id"]);
        var at = Start(sub) + Period / 2;

        var updated = (await _kit.Client.PostAsync($"/v1/subscriptions/{id}", ("items[0][id]", item), ("items[0][price]", pro),
            ("proration_date", S(at)))).AssertOk().Body;
        Assert.Equal(pro, Str(updated["items"]!["data"]![0]!["price"]!["id"]));
        Assert.Equal(item, Str(updated["items"]!["data"]![0]!["id"]));

        var pending = await PendingAsync(customer);
        Assert.Equal(2, pending.Count);
        var (credit, debit) = (pending[0], pending[1]);
        Assert.Equal(-1250, Long(credit["amount"]));
        Assert.Equal(2000, Long(debit["amount"]));
        foreach (var ii in pending)
        {
            Assert.True(ii["proration"]!.GetValue<bool>());
            Assert.False(ii["discountable"]!.GetValue<bool>());
            Assert.Null(ii["invoice"]);
            Assert.Equal("subscription_details", Str(ii["parent"]!["type"]));
            Assert.Equal(id, Str(ii["parent"]!["subscription_details"]!["subscription"]));
            Assert.Equal(item, Str(ii["parent"]!["subscription_details"]!["subscription_item"]));
            Assert.Equal(at, Long(ii["period"]!["start"]));
            Assert.Equal(Start(sub) + Period, Long(ii["period"]!["end"]));
        }
        Assert.Equal(basic, Str(credit["pricing"]!["price_details"]!["price"]));
        Assert.Equal(pro, Str(debit["pricing"]!["price_details"]!["price"]));
        Assert.StartsWith("Unused time on Gold after ", Str(credit["description"]));
        Assert.StartsWith("Remaining time on Gold after ", Str(debit["description"]));

        var updatedEvent = (await _kit.EventsAsync("customer.subscription.updated")).Single();
        Assert.NotNull(updatedEvent["data"]!["previous_attributes"]!["items"]);
        Assert.Equal(2, (await _kit.EventsAsync("invoiceitem.created")).Count);
    }

    [Fact]
    public async Task Quantity_change_credits_the_old_quantity_and_charges_the_new_one_for_the_remaining_two_thirds()
    {
        var price = await Price30DaysAsync(2500);
        var (sub, item, customer) = await ActiveAsync(price);
        var at = Start(sub) + Period / 3;

        var changed = (await _kit.Client.PostAsync($"/v1/subscription_items/{item}", ("quantity", "3"), ("proration_date", S(at)))).AssertOk().Body;
        Assert.Equal(3, Long(changed["quantity"]));
        Assert.Equal("subscription_item", Str(changed["object"]));

        var pending = await PendingAsync(customer);
        // 2500 × 1 × 2/3 = 1666.67 → −1666.67 rounded down: −1667; 2500 × 3 × 2/3 = 5000.
        Assert.Equal([-1667L, 5000L], pending.Select(i => Long(i["amount"])));
        Assert.Equal([1L, 3L], pending.Select(i => Long(i["quantity"])));
        // Stripe shows no unit amount for a proration (recorded).
        Assert.All(pending, i => Assert.Null(i["pricing"]!["unit_amount_decimal"]));
        Assert.StartsWith("Remaining time on 3 × Gold after ", Str(pending[1]["description"]));
    }

    [Fact]
    public async Task Proration_behavior_none_changes_the_item_and_bills_nothing_now()
    {
        var price = await Price30DaysAsync(2500);
        var other = await Price30DaysAsync(900);
        var (sub, item, customer) = await ActiveAsync(price);
        var updated = (await _kit.Client.PostAsync($"/v1/subscriptions/{Str(sub["id"])}", ("items[0][id]", item), ("items[0][price]", other),
            ("items[0][quantity]", "2"), ("proration_behavior", "none"))).AssertOk().Body;
        Assert.Equal(other, Str(updated["items"]!["data"]![0]!["price"]!["id"]));
        Assert.Equal(2, Long(updated["items"]!["data"]![0]!["quantity"]));
        Assert.Empty(await PendingAsync(customer));
        Assert.Equal(Str(sub["latest_invoice"]), Str(updated["latest_invoice"]));
    }

    [Fact]
    public async Task Always_invoice_bills_the_new_prorations_and_the_pending_ones_on_a_subscription_update_invoice()
    {
        var price = await Price30DaysAsync(3000);
        var extra = await Price30DaysAsync(600);
        var (sub, item, customer) = await ActiveAsync(price);
        var id = Str(sub["id"]);
        var start = Start(sub);

        // A pending pair first (create_prorations): 1 → 2 at a tenth of the period.
        (await _kit.Client.PostAsync($"/v1/subscriptions/{id}", ("items[0][id]", item), ("items[0][quantity]", "2"),
            ("proration_date", S(start + Period / 10)))).AssertOk();
        Assert.Equal(2, (await PendingAsync(customer)).Count);

        // Then a new item, invoiced at once, halfway.
        var updated = (await _kit.Client.PostAsync($"/v1/subscriptions/{id}", ("items[0][price]", extra),
            ("proration_behavior", "always_invoice"), ("proration_date", S(start + Period / 2)), ("expand[]", "latest_invoice"))).AssertOk().Body;
        Assert.Equal(2, updated["items"]!["data"]!.AsArray().Count);
        var invoice = updated["latest_invoice"]!.AsObject();
        Assert.NotEqual(Str(sub["latest_invoice"]), Str(invoice["id"]));
        Assert.Equal("subscription_update", Str(invoice["billing_reason"]));
        Assert.Equal("open", Str(invoice["status"]));
        Assert.True(invoice["auto_advance"]!.GetValue<bool>());
        Assert.Equal(id, Str(invoice["parent"]!["subscription_details"]!["subscription"]));
        // Recorded against Stripe: the period runs from the items' period start to the update.
        Assert.Equal((start, Long(invoice["created"])), (Long(invoice["period_start"]), Long(invoice["period_end"])));
        // −2700 + 5400 (9/10 of 3000, 1 then 2) + 300 (half of 600).
        var lines = invoice["lines"]!["data"]!.AsArray().Select(l => l!.AsObject()).ToList();
        Assert.Equal([-2700L, 5400L, 300L], lines.Select(l => Long(l["amount"])));
        Assert.Equal(3000, Long(invoice["amount_due"]));
        foreach (var line in lines)
        {
            Assert.Equal("subscription_item_details", Str(line["parent"]!["type"]));
            Assert.True(line["parent"]!["subscription_item_details"]!["proration"]!.GetValue<bool>());
            Assert.StartsWith("ii_", Str(line["parent"]!["subscription_item_details"]!["invoice_item"]));
            Assert.Equal(id, Str(line["subscription"]));
        }
        Assert.Empty(await PendingAsync(customer));
        var types = (await _kit.EventsAsync()).Select(e => Str(e["type"])).ToList();
        Assert.Contains("invoice.finalized", types);
        Assert.Equal(400, (int)(await _kit.Client.DeleteAsync($"/v1/invoices/{Str(invoice["id"])}")).Status);
    }

    [Fact]
    public async Task Downgrade_with_always_invoice_credits_the_customer_balance()
    {
        var price = await Price30DaysAsync(3000);
        var cheap = await Price30DaysAsync(1000);
        var (sub, item, customer) = await ActiveAsync(price);
        var updated = (await _kit.Client.PostAsync($"/v1/subscriptions/{Str(sub["id"])}", ("items[0][id]", item), ("items[0][price]", cheap),
            ("proration_behavior", "always_invoice"), ("proration_date", S(Start(sub) + Period / 2)), ("expand[]", "latest_invoice"))).AssertOk().Body;
        var invoice = updated["latest_invoice"]!;
        Assert.Equal(-1000, Long(invoice["total"]));
        Assert.Equal(0, Long(invoice["amount_due"]));
        Assert.Equal("paid", Str(invoice["status"]));
        Assert.Equal(-1000, Long((await _kit.Client.GetAsync($"/v1/customers/{customer}")).AssertOk().Body["balance"]));
    }

    [Fact]
    public async Task Subscription_items_are_created_updated_listed_and_deleted_with_prorations()
    {
        var price = await Price30DaysAsync(2000);
        var seat = await Price30DaysAsync(500);
        var (sub, item, customer) = await ActiveAsync(price);
        var id = Str(sub["id"]);
        var start = Start(sub);

        var created = (await _kit.Client.PostAsync("/v1/subscription_items", ("subscription", id), ("price", seat), ("quantity", "4"),
            ("metadata[team]", "a"), ("proration_date", S(start + Period / 4)))).AssertOk().Body;
        var seatItem = Str(created["id"]);
        Assert.StartsWith("si_", seatItem);
        Assert.Equal(4, Long(created["quantity"]));
        Assert.Equal("a", Str(created["metadata"]!["team"]));
        Assert.Equal(start, Long(created["current_period_start"]));
        Assert.Equal(start + Period, Long(created["current_period_end"]));
        Assert.Equal(seatItem, Str((await _kit.Client.GetAsync($"/v1/subscription_items/{seatItem}")).AssertOk().Body["id"]));
        var list = (await _kit.Client.GetAsync("/v1/subscription_items", ("subscription", id))).AssertOk().Body["data"]!.AsArray();
        Assert.Equal(new[] { item, seatItem }.Order(), list.Select(i => Str(i!["id"])).Order());

        // 500 × 4 × 3/4 = 1500.
        Assert.Equal([1500L], (await PendingAsync(customer)).Select(i => Long(i["amount"])));

        var deleted = (await _kit.Client.SendAsync(HttpMethod.Delete, $"/v1/subscription_items/{seatItem}",
            [("proration_date", S(start + Period / 2))], null)).AssertOk().Body;
        Assert.True(deleted["deleted"]!.GetValue<bool>());
        Assert.Equal(seatItem, Str(deleted["id"]));
        // The unused half of 4 × 500 credited.
        Assert.Equal([-1000L, 1500L], (await PendingAsync(customer)).Select(i => Long(i["amount"])).Order());
        Assert.Equal(HttpStatusCode.NotFound, (await _kit.Client.GetAsync($"/v1/subscription_items/{seatItem}")).Status);
        Assert.Single((await _kit.GetAsync(id))["items"]!["data"]!.AsArray());

        var last = await _kit.Client.DeleteAsync($"/v1/subscription_items/{item}");
        Assert.Equal(HttpStatusCode.BadRequest, last.Status);
        Assert.Contains("at least one active plan", Str(last.Body["error"]!["message"]));
    }

    [Fact]
    public async Task Changes_that_cannot_be_built_or_are_not_allowed_answer_400s_naming_the_parameter()
    {
        var price = await Price30DaysAsync(2000);
        var (sub, item, _) = await ActiveAsync(price);
        var id = Str(sub["id"]);

        async Task Refused(string param, params (string, string)[] form)
        {
            var r = await _kit.Client.PostAsync($"/v1/subscriptions/{id}", form);
            Assert.Equal(HttpStatusCode.BadRequest, r.Status);
            Assert.Equal(param, Str(r.Body["error"]!["param"]));
        }
        // Another interval is not refused: the item takes that interval's period (TestClocks/SubscriptionAnchorResetTests.cs).
        await Refused("proration_date", ("items[0][id]", item), ("items[0][quantity]", "2"), ("proration_date", S(Start(sub) - 10)));
        await Refused("items[0][billing_thresholds]", ("items[0][id]", item), ("items[0][billing_thresholds][usage_gte]", "10"));
        await Refused("payment_behavior", ("items[0][id]", item), ("items[0][quantity]", "2"), ("payment_behavior", "pending_if_incomplete"));
        await Refused("items[0][id]", ("items[0][deleted]", "true"));
        // Recorded against Stripe: a new item with a price an existing item has names that item, on "plan".
        var inUse = await _kit.Client.PostAsync($"/v1/subscriptions/{id}", ("items[0][price]", price));
        inUse.AssertRefusedWithoutCode($"A new item with Price {price} can't be added to this Subscription because an existing Subscription Item {item} is already using that Price. If you want to update the existing item (e.g., to adjust the quantity), pass the existing Subscription Item's `id` in your update request: https://stripe.com/docs/api/subscriptions/update#update_subscription-items-id");
        Assert.Equal("plan", inUse.ErrorParam);
        // Moving the existing item onto a price a new item also takes names the existing item, never the new one.
        var other = await Price30DaysAsync(700);
        var both = await _kit.Client.PostAsync($"/v1/subscriptions/{id}", ("items[0][id]", item), ("items[0][price]", other), ("items[1][price]", other));
        both.AssertRefusedWithoutCode();
        Assert.StartsWith($"A new item with Price {other} can't be added to this Subscription because an existing Subscription Item {item} ", both.ErrorMessage);

        // An incomplete subscription's items wait for its first invoice.
        var (customer, _) = await _kit.CustomerAsync();
        var incomplete = (await _kit.CreateAsync(customer, price)).AssertOk().Body;
        var r = await _kit.Client.PostAsync($"/v1/subscriptions/{Str(incomplete["id"])}",
            ("items[0][id]", Str(incomplete["items"]!["data"]![0]!["id"])), ("items[0][quantity]", "2"));
        Assert.Equal(HttpStatusCode.BadRequest, r.Status);
        Assert.Contains("incomplete", Str(r.Body["error"]!["message"]));
    }

    [Fact]
    public async Task Cancel_with_prorate_and_invoice_now_credits_the_unused_time_on_a_final_invoice()
    {
        var price = await Price30DaysAsync(3000);
        var (sub, _, customer) = await ActiveAsync(price, quantity: 2);
        var id = Str(sub["id"]);
        var canceled = (await _kit.Client.SendAsync(HttpMethod.Delete, $"/v1/subscriptions/{id}",
            [("prorate", "true"), ("invoice_now", "true"), ("expand[]", "latest_invoice")], null)).AssertOk().Body;
        Assert.Equal("canceled", Str(canceled["status"]));
        var invoice = canceled["latest_invoice"]!;
        Assert.NotEqual(Str(sub["latest_invoice"]), Str(invoice["id"]));
        Assert.Equal("subscription_update", Str(invoice["billing_reason"]));
        var line = invoice["lines"]!["data"]!.AsArray().Single()!;
        // The request runs within seconds of the start: nearly all of 2 × 3000 comes back, never more.
        var credit = Long(line["amount"]);
        Assert.InRange(credit, -6000, -5990);
        Assert.Equal(credit, Long(invoice["total"]));
        Assert.Equal("paid", Str(invoice["status"]));
        Assert.Equal(credit, Long((await _kit.Client.GetAsync($"/v1/customers/{customer}")).AssertOk().Body["balance"]));
        Assert.Empty(await PendingAsync(customer));
        var types = (await _kit.EventsAsync()).Select(e => Str(e["type"])).ToList();
        Assert.Equal("customer.subscription.deleted", types.Last(t => t.StartsWith("customer.subscription.", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Cancel_with_prorate_alone_leaves_the_credit_pending_and_without_either_bills_nothing()
    {
        var price = await Price30DaysAsync(3000);
        var (sub, _, customer) = await ActiveAsync(price);
        (await _kit.Client.SendAsync(HttpMethod.Delete, $"/v1/subscriptions/{Str(sub["id"])}", [("prorate", "true")], null)).AssertOk();
        var pending = await PendingAsync(customer);
        Assert.InRange(Long(Assert.Single(pending)["amount"]), -3000, -2990);

        var (plain, _, other) = await ActiveAsync(price);
        var canceled = (await _kit.Client.DeleteAsync($"/v1/subscriptions/{Str(plain["id"])}")).AssertOk().Body;
        Assert.Equal(Str(plain["latest_invoice"]), Str(canceled["latest_invoice"]));
        Assert.Empty(await PendingAsync(other));
    }
}

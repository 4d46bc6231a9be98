using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.TestClocks.ClockKit;

namespace PaymentRecords.IntegrationTests.TestClocks;

/// <summary>
/// The lists' <c>test_clock</c> filters as the spec words them, <c>expand[]=test_clock</c>, and the automatic deletion
/// of a clock at its <c>deletes_after</c> (due work in wall time).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class TestClockListsAndExpiryTests(ServerFixture fixture)
{
    [Fact]
    public async Task The_subscription_list_leaves_out_clock_subscriptions_unless_test_clock_or_customer_is_given()
    {
        var kit = new ClockKit(fixture.Client());
        var (wall, clock, clockCustomer, onClock) = await WallAndClockSubscriptionsAsync(kit);

        Assert.Equal([wall], await IdsAsync(kit, "/v1/subscriptions"));
        Assert.Equal([onClock], await IdsAsync(kit, "/v1/subscriptions", ("test_clock", clock)));
        Assert.Equal([onClock], await IdsAsync(kit, "/v1/subscriptions", ("customer", clockCustomer)));
        (await kit.Client.GetAsync("/v1/subscriptions", ("test_clock", "clock_missing"))).AssertError(HttpStatusCode.NotFound, "resource_missing", "test_clock");
    }

    [Fact]
    public async Task The_customer_list_leaves_out_clock_customers_unless_test_clock_is_given()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan31);
        var wall = (await kit.Client.PostAsync("/v1/customers", ("email", "wall@example.com"))).AssertOk().Id;
        var (onClock, _) = await kit.CustomerAsync(clock);

        Assert.Equal([wall], await IdsAsync(kit, "/v1/customers"));
        Assert.Equal([onClock], await IdsAsync(kit, "/v1/customers", ("test_clock", clock)));
    }

    [Fact]
    public async Task Invoice_and_invoice_item_lists_leave_out_clock_objects_unless_customer_subscription_or_invoice_is_given()
    {
        var kit = new ClockKit(fixture.Client());
        var (wall, _, clockCustomer, onClock) = await WallAndClockSubscriptionsAsync(kit);
        var wallInvoice = (await kit.Subs.GetAsync(wall))["latest_invoice"]!.GetValue<string>();
        var clockInvoice = (await kit.Subs.GetAsync(onClock))["latest_invoice"]!.GetValue<string>();
        var clockItem = (await kit.Client.PostAsync("/v1/invoiceitems", ("customer", clockCustomer), ("amount", "500"), ("currency", "usd"))).AssertOk().Id;

        Assert.Equal([wallInvoice], await IdsAsync(kit, "/v1/invoices"));
        Assert.Equal([clockInvoice], await IdsAsync(kit, "/v1/invoices", ("customer", clockCustomer)));
        Assert.Equal([clockInvoice], await IdsAsync(kit, "/v1/invoices", ("subscription", onClock)));
        var wallCustomer = (await kit.Subs.GetAsync(wall))["customer"]!.GetValue<string>();
        var wallItem = (await kit.Client.PostAsync("/v1/invoiceitems", ("customer", wallCustomer), ("amount", "700"), ("currency", "usd"))).AssertOk().Id;
        var clockDraft = (await kit.Client.PostAsync("/v1/invoices", ("customer", clockCustomer))).AssertOk().Id;
        var clockDraftItem = (await kit.Client.PostAsync("/v1/invoiceitems", ("customer", clockCustomer), ("invoice", clockDraft), ("amount", "100"),
            ("currency", "usd"))).AssertOk().Id;

        var all = await IdsAsync(kit, "/v1/invoiceitems");
        Assert.Contains(wallItem, all);
        Assert.DoesNotContain(clockItem, all);
        Assert.DoesNotContain(clockDraftItem, all);
        Assert.Equal([wallItem], await IdsAsync(kit, "/v1/invoiceitems", ("pending", "true")));
        Assert.Equal([clockItem], await IdsAsync(kit, "/v1/invoiceitems", ("customer", clockCustomer), ("pending", "true")));
        Assert.Contains(clockDraftItem, await IdsAsync(kit, "/v1/invoiceitems", ("customer", clockCustomer)));
        Assert.Equal([clockDraftItem], await IdsAsync(kit, "/v1/invoiceitems", ("invoice", clockDraft)));
    }

    [Fact]
    public async Task Test_clock_expands_to_the_clock_on_customers_subscriptions_invoices_and_invoice_items()
    {
        var kit = new ClockKit(fixture.Client());
        var (_, clock, customer, subscription) = await WallAndClockSubscriptionsAsync(kit);
        var invoice = (await kit.Subs.GetAsync(subscription))["latest_invoice"]!.GetValue<string>();
        var item = (await kit.Client.PostAsync("/v1/invoiceitems", ("customer", customer), ("amount", "500"), ("currency", "usd"))).AssertOk().Id;

        foreach (var path in new[] { $"/v1/customers/{customer}", $"/v1/subscriptions/{subscription}", $"/v1/invoices/{invoice}", $"/v1/invoiceitems/{item}" })
        {
            var expanded = (await kit.Client.GetAsync(path, ("expand[]", "test_clock"))).AssertOk().Body["test_clock"]!;
            Assert.Equal((clock, "test_helpers.test_clock", "ready"),
                (expanded["id"]!.GetValue<string>(), expanded["object"]!.GetValue<string>(), expanded["status"]!.GetValue<string>()));
        }
        var listed = (await kit.Client.GetAsync("/v1/subscriptions", ("test_clock", clock), ("expand[]", "data.test_clock"))).AssertOk().Body;
        Assert.Equal(clock, listed["data"]![0]!["test_clock"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_clock_is_deleted_with_its_customers_by_the_scheduler_once_its_deletes_after_passes()
    {
        var key = ServerFixture.NewKey();
        var kit = new ClockKit(fixture.Client(key));
        var (_, clock, customer, subscription) = await WallAndClockSubscriptionsAsync(kit);
        var deletesAfter = (await kit.Client.GetAsync($"/v1/test_helpers/test_clocks/{clock}")).AssertOk().Body["deletes_after"]!.GetValue<long>();

        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        // Written with the clock's create, in wall time (no advance of the clock runs it).
        await using (var due = new NpgsqlCommand(
            "SELECT due_at, test_clock_id FROM due_work WHERE account_id = @a AND kind = 'test_clock.deletes_after' AND object_id = @c", connection))
        {
            due.Parameters.AddWithValue("a", ApiKeys.AccountIdFor(key));
            due.Parameters.AddWithValue("c", clock);
            await using var reader = await due.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal((deletesAfter, true), (reader.GetInt64(0), reader.IsDBNull(1)));
        }
        // Thirty days pass: the clock's creation and its row are moved a month back, as if the server had run that long.
        await using (var rewind = new NpgsqlCommand("""
            UPDATE test_clocks SET created = created - 31 * 86400, deletes_after = deletes_after - 31 * 86400 WHERE account_id = @a;
            UPDATE due_work SET due_at = due_at - 31 * 86400 WHERE account_id = @a AND kind = 'test_clock.deletes_after';
            SELECT pg_notify('due_work', '');
            """, connection))
        {
            rewind.Parameters.AddWithValue("a", ApiKeys.AccountIdFor(key));
            await rewind.ExecuteNonQueryAsync();
        }

        for (var i = 0; i < 400 && (await kit.Client.GetAsync($"/v1/test_helpers/test_clocks/{clock}")).Status != HttpStatusCode.NotFound; i++)
            await Task.Delay(50);
        (await kit.Client.GetAsync($"/v1/test_helpers/test_clocks/{clock}")).AssertError(HttpStatusCode.NotFound, "resource_missing");
        Assert.True((await kit.Client.GetAsync($"/v1/customers/{customer}")).AssertOk().Body["deleted"]!.GetValue<bool>());
        // Canceled at the clock's own time (the expiry itself runs in wall time, long before the clock's Jan 31).
        var canceled = await kit.Subs.GetAsync(subscription);
        Assert.Equal(("canceled", Jan31.ToUnixTimeSeconds(), Jan31.ToUnixTimeSeconds()),
            (canceled["status"]!.GetValue<string>(), canceled["canceled_at"]!.GetValue<long>(), canceled["ended_at"]!.GetValue<long>()));
        var deleted = await kit.Subs.EventsAsync("test_helpers.test_clock.deleted");
        Assert.Equal(clock, Assert.Single(deleted)["data"]!["object"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deleting_a_clock_deletes_its_customers_as_DELETE_customers_does_with_their_events()
    {
        var kit = new ClockKit(fixture.Client());
        var (wall, clock, customer, subscription) = await WallAndClockSubscriptionsAsync(kit);
        var (idle, _) = await kit.CustomerAsync(clock);

        var deleted = (await kit.Client.DeleteAsync($"/v1/test_helpers/test_clocks/{clock}")).AssertOk().Body;
        Assert.Equal((clock, "test_helpers.test_clock", true),
            (deleted["id"]!.GetValue<string>(), deleted["object"]!.GetValue<string>(), deleted["deleted"]!.GetValue<bool>()));

        // Each customer as DELETE /v1/customers does (its subscription's event before its own), oldest first, then the clock.
        string[] types = ["customer.subscription.deleted", "customer.deleted", "test_helpers.test_clock.deleted"];
        var events = (await kit.Subs.EventsAsync()).Where(e => types.Contains(e["type"]!.GetValue<string>()))
            .Select(e => (e["type"]!.GetValue<string>(), e["data"]!["object"]!["id"]!.GetValue<string>())).ToList();
        Assert.Equal([("customer.subscription.deleted", subscription), ("customer.deleted", customer), ("customer.deleted", idle),
            ("test_helpers.test_clock.deleted", clock)], events);
        var canceled = await kit.Subs.GetAsync(subscription);
        Assert.Equal(("canceled", "cancellation_requested"), (canceled["status"]!.GetValue<string>(),
            canceled["cancellation_details"]!["reason"]!.GetValue<string>()));
        Assert.Equal("active", (await kit.Subs.GetAsync(wall))["status"]!.GetValue<string>());
        (await kit.Client.DeleteAsync($"/v1/test_helpers/test_clocks/{clock}")).AssertError(HttpStatusCode.NotFound, "resource_missing");
    }

    [Fact]
    public async Task A_clock_holds_three_customers_and_each_of_them_three_subscriptions_as_Stripe_limits_a_simulation()
    {
        var kit = new ClockKit(fixture.Client());
        var clock = await kit.ClockAsync(Jan31);
        var customers = new List<string>();
        for (var i = 0; i < 3; i++) customers.Add((await kit.CustomerAsync(clock)).Customer);
        var fourth = (await kit.Client.PostAsync("/v1/customers", ("test_clock", clock))).AssertError(HttpStatusCode.BadRequest, param: "test_clock");
        Assert.Contains(clock, fourth.ErrorMessage);
        Assert.Equal(3, (await IdsAsync(kit, "/v1/customers", ("test_clock", clock))).Count);
        // A deleted customer frees its place; a customer on no clock is not counted.
        (await kit.Client.DeleteAsync($"/v1/customers/{customers[2]}")).AssertOk();
        (await kit.Client.PostAsync("/v1/customers", ("test_clock", clock))).AssertOk();
        (await kit.Client.PostAsync("/v1/customers")).AssertOk();

        var price = await kit.Subs.PriceAsync();
        var subscriptions = new List<string>();
        for (var i = 0; i < 3; i++) subscriptions.Add((await SendInvoiceAsync(kit, customers[0], price)).Id);
        var refused = (await kit.Client.PostAsync("/v1/subscriptions", ("customer", customers[0]), ("items[0][price]", price),
            ("collection_method", "send_invoice"), ("days_until_due", "30"))).AssertError(HttpStatusCode.BadRequest, param: "customer");
        Assert.Contains(customers[0], refused.ErrorMessage);
        Assert.Equal(3, (await IdsAsync(kit, "/v1/subscriptions", ("customer", customers[0]))).Count);
        // A canceled subscription no longer counts.
        (await kit.Client.DeleteAsync($"/v1/subscriptions/{subscriptions[0]}")).AssertOk();
        await SendInvoiceAsync(kit, customers[0], price);
        await SendInvoiceAsync(kit, customers[1], price);
    }

    [Fact]
    public async Task Concurrent_customer_creates_never_put_a_fourth_customer_on_a_clock()
    {
        var kit = new ClockKit(fixture.Client());
        for (var round = 0; round < 5; round++)
        {
            var clock = await kit.ClockAsync(Jan31);
            for (var i = 0; i < 2; i++) (await kit.Client.PostAsync("/v1/customers", ("test_clock", clock))).AssertOk();
            var results = await Race.AllAtOnceAsync(Enumerable.Range(0, 8).Select(_ => (Func<Task<StripeResponse>>)(() =>
                kit.Client.PostAsync("/v1/customers", ("test_clock", clock)))));
            Assert.Single(results, r => r.Status == HttpStatusCode.OK);
            Assert.All(results.Where(r => r.Status != HttpStatusCode.OK), r => r.AssertError(HttpStatusCode.BadRequest, param: "test_clock"));
            Assert.Equal(3, (await IdsAsync(kit, "/v1/customers", ("test_clock", clock))).Count);
        }
    }

    [Fact]
    public async Task An_advance_whose_item_fails_ends_in_internal_failure_with_its_event()
    {
        var key = ServerFixture.NewKey();
        var kit = new ClockKit(fixture.Client(key));
        var clock = await kit.ClockAsync(Jan31);
        // An item no use case knows (as a bug would be) due on the way to the target.
        await using (var connection = new NpgsqlConnection(fixture.ConnectionString))
        {
            await connection.OpenAsync();
            await using var bogus = new NpgsqlCommand(
                "INSERT INTO due_work (account_id, kind, object_id, due_at, test_clock_id) VALUES (@a, 'not.a.kind', 'x_1', @at, @c)", connection);
            bogus.Parameters.AddWithValue("a", ApiKeys.AccountIdFor(key));
            bogus.Parameters.AddWithValue("at", Jan31.AddDays(1).ToUnixTimeSeconds());
            bogus.Parameters.AddWithValue("c", clock);
            await bogus.ExecuteNonQueryAsync();
        }
        (await kit.Client.PostAsync($"/v1/test_helpers/test_clocks/{clock}/advance", ("frozen_time", S(Jan31.AddDays(2))))).AssertOk();
        var status = "advancing";
        for (var i = 0; i < 400 && status == "advancing"; i++)
        {
            await Task.Delay(50);
            status = (await kit.Client.GetAsync($"/v1/test_helpers/test_clocks/{clock}")).AssertOk().Body["status"]!.GetValue<string>();
        }
        Assert.Equal("internal_failure", status);
        var failed = Assert.Single(await kit.Subs.EventsAsync("test_helpers.test_clock.internal_failure"));
        Assert.Equal((clock, "internal_failure"), (failed["data"]!["object"]!["id"]!.GetValue<string>(), failed["data"]!["object"]!["status"]!.GetValue<string>()));
        Assert.Empty(await kit.Subs.EventsAsync("test_helpers.test_clock.ready"));
    }

    /// <summary>A wall-clock customer's subscription and one on a new clock (send_invoice: no payment needed).</summary>
    private static async Task<(string Wall, string Clock, string ClockCustomer, string OnClock)> WallAndClockSubscriptionsAsync(ClockKit kit)
    {
        var price = await kit.Subs.PriceAsync();
        var wallCustomer = (await kit.Client.PostAsync("/v1/customers", ("email", "wall@example.com"))).AssertOk().Id;
        var wall = (await SendInvoiceAsync(kit, wallCustomer, price)).Id;
        var clock = await kit.ClockAsync(Jan31);
        var (clockCustomer, _) = await kit.CustomerAsync(clock);
        var onClock = (await SendInvoiceAsync(kit, clockCustomer, price)).Id;
        return (wall, clock, clockCustomer, onClock);
    }

    private static async Task<StripeResponse> SendInvoiceAsync(ClockKit kit, string customer, string price) =>
        (await kit.Client.PostAsync("/v1/subscriptions", ("customer", customer), ("items[0][price]", price),
            ("collection_method", "send_invoice"), ("days_until_due", "30"))).AssertOk();

    private static async Task<List<string>> IdsAsync(ClockKit kit, string path, params (string, string)[] query) =>
        (await kit.Client.GetAsync(path, query)).AssertOk().Body["data"]!.AsArray().Select(x => x!["id"]!.GetValue<string>()).ToList();
}

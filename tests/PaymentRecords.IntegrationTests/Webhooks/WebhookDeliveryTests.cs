using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.Sdk;
using Stripe;

namespace PaymentRecords.IntegrationTests.Webhooks;

/// <summary>Signed delivery to a real loopback receiver, verified by the official SDKs.</summary>
[Collection(WebhookCollection.Name)]
public sealed class WebhookDeliveryTests(WebhookFixture fixture)
{
    private WebhookReceiver Receiver => fixture.Receiver;

    private async Task<(string Id, string Secret, string Url)> EndpointAsync(StripeTestClient c, params string[] events)
    {
        var url = Receiver.NewUrl();
        var body = (await c.PostAsync("/v1/webhook_endpoints", [("url", url), .. events.Select(e => ("enabled_events[]", e))])).AssertOk().Body;
        return (body["id"]!.GetValue<string>(), body["secret"]!.GetValue<string>(), url);
    }

    [Fact]
    public async Task Stripe_net_with_default_settings_verifies_every_delivery()
    {
        var key = ServerFixture.NewKey();
        var client = new StripeClient(key, apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));
        var url = Receiver.NewUrl("net");
        // Stripe's advice for SDKs pinned to a later release train: an endpoint in the SDK's own api_version.
        var endpoint = await client.V1.WebhookEndpoints.CreateAsync(new WebhookEndpointCreateOptions
        {
            Url = url,
            EnabledEvents = ["*"],
            ApiVersion = StripeConfiguration.ApiVersion,
        });
        Assert.StartsWith("whsec_", endpoint.Secret);
        var customer = await client.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "net@example.com" });
        await client.V1.Customers.UpdateAsync(customer.Id, new CustomerUpdateOptions { Name = "Ada" });
        var invoice = await client.V1.Invoices.CreateAsync(new InvoiceCreateOptions { Customer = customer.Id });

        var received = await Receiver.WaitForAsync(url, 3);
        foreach (var r in received)
        {
            Assert.Equal("application/json; charset=utf-8", r.ContentType);
            // As Stripe signs test-mode events: v1, then an unverifiable v0 the SDKs ignore.
            Assert.Matches(@"^t=\d+,v1=[0-9a-f]{64},v0=[0-9a-f]{64}$", r.Signature);
            var stripeEvent = EventUtility.ConstructEvent(r.Body, r.Signature, endpoint.Secret);
            Assert.Equal(StripeConfiguration.ApiVersion, stripeEvent.ApiVersion);
        }
        Assert.Equal(["customer.created", "customer.updated", "invoice.created"], received.Select(r => r.Type).Order());
        Assert.Contains(received, r => EventUtility.ConstructEvent(r.Body, r.Signature, endpoint.Secret).Data.Object is Invoice i && i.Id == invoice.Id);
        // A tampered body or another secret is refused.
        Assert.Throws<StripeException>(() => EventUtility.ConstructEvent(received[0].Body + " ", received[0].Signature, endpoint.Secret));
        Assert.Throws<StripeException>(() => EventUtility.ConstructEvent(received[0].Body, received[0].Signature, "whsec_other"));
    }

    /// <summary>The seed's own event reaches a third-party-processor handler, verified by Stripe.net.</summary>
    [Fact]
    public async Task Invoice_payment_attempt_required_reaches_the_handler()
    {
        var key = ServerFixture.NewKey();
        var client = new StripeClient(key, apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));
        var url = Receiver.NewUrl("processor");
        var endpoint = await client.V1.WebhookEndpoints.CreateAsync(new WebhookEndpointCreateOptions
        {
            Url = url,
            EnabledEvents = ["invoice.payment_attempt_required"],
            ApiVersion = StripeConfiguration.ApiVersion,
        });
        var customer = await client.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "processor@example.com" });
        var draft = await client.V1.Invoices.CreateAsync(new InvoiceCreateOptions
        {
            Customer = customer.Id,
            PaymentSettings = new InvoicePaymentSettingsOptions { PaymentMethodTypes = ["custom"] },
        });
        await client.V1.InvoiceItems.CreateAsync(new InvoiceItemCreateOptions { Customer = customer.Id, Invoice = draft.Id, Amount = 4200, Currency = "usd" });
        await client.V1.Invoices.FinalizeInvoiceAsync(draft.Id, new InvoiceFinalizeOptions { AutoAdvance = true });

        var received = Assert.Single(await Receiver.WaitForAsync(url, 1));
        var stripeEvent = EventUtility.ConstructEvent(received.Body, received.Signature, endpoint.Secret);
        Assert.Equal("invoice.payment_attempt_required", stripeEvent.Type);
        var invoice = Assert.IsType<Invoice>(stripeEvent.Data.Object);
        Assert.Equal(draft.Id, invoice.Id);
        Assert.Equal("open", invoice.Status);
        Assert.Equal(4200, invoice.AmountDue);
    }

    [NodeSdkFact]
    public async Task Stripe_node_verifies_every_delivery()
    {
        var c = fixture.Client();
        var (_, secret, url) = await EndpointAsync(c, "*");
        var customer = (await c.PostAsync("/v1/customers", ("email", "node@example.com"))).AssertOk().Id;
        (await c.PostAsync($"/v1/customers/{customer}", ("name", "Grace"))).AssertOk();
        var received = await Receiver.WaitForAsync(url, 2);
        foreach (var r in received) Assert.Equal(StripeVersionCurrent, r.Json["api_version"]!.GetValue<string>());

        var input = new JsonArray(received.Select(r => (JsonNode?)new JsonObject { ["body"] = r.Body, ["signature"] = r.Signature, ["secret"] = secret }).ToArray());
        var (exit, stdout, stderr) = await StripeNodeTests.RunScriptAsync("verify-webhooks.js", stdin: input.ToJsonString());
        Assert.True(exit == 0, $"stripe-node refused a delivery:\n{stdout}\n{stderr}");
        Assert.Contains($"verified {received.Count}", stdout);
    }

    private const string StripeVersionCurrent = "2025-10-29.clover";

    [Fact]
    public async Task A_receiver_failing_twice_gets_the_event_a_third_time_and_pending_webhooks_reaches_zero()
    {
        var c = fixture.Client();
        var (endpoint, _, url) = await EndpointAsync(c, "customer.created");
        Receiver.FailFirst(url, 2);
        await c.PostAsync("/v1/customers", ("email", "retry@example.com"));
        var received = await Receiver.WaitForAsync(url, 3);
        Assert.Single(received.Select(r => r.EventId).Distinct());
        var eventId = received[0].EventId;

        var ev = await WaitForAsync(c, eventId, e => e["pending_webhooks"]!.GetValue<int>() == 0);
        Assert.Equal(0, ev["pending_webhooks"]!.GetValue<int>());
        Assert.Equal(3, Receiver.For(url).Count);
        Assert.Empty((await c.GetAsync("/v1/events", ("delivery_success", "false"))).AssertOk().Body["data"]!.AsArray());
        Assert.Contains((await c.GetAsync("/v1/events", ("delivery_success", "true"))).AssertOk().Body["data"]!.AsArray(),
            e => e!["id"]!.GetValue<string>() == eventId);

        // The attempts route shows the two failures and the success, and can resend.
        var history = (await c.GetAsync($"/dashboard/events/{eventId}/webhook_attempts")).AssertOk().Body;
        var attempts = history["attempts"]!.AsArray();
        Assert.Equal([500, 500, 200], attempts.Select(a => a!["status_code"]!.GetValue<int>()));
        Assert.Equal("receiver says no", attempts[0]!["response_excerpt"]!.GetValue<string>());
        Assert.NotNull(attempts[0]!["next_retry_at"]);
        Assert.All(attempts, a => Assert.Equal(endpoint, a!["endpoint"]!.GetValue<string>()));
        Assert.Equal("succeeded", history["deliveries"]![0]!["state"]!.GetValue<string>());
        var resent = (await c.PostAsync($"/dashboard/events/{eventId}/webhook_attempts", ("endpoint", endpoint))).AssertOk().Body;
        Assert.True(resent["succeeded"]!.GetValue<bool>());
        Assert.Equal(4, Receiver.For(url).Count);
        (await fixture.Client().GetAsync($"/dashboard/events/{eventId}/webhook_attempts")).AssertError(System.Net.HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Pending_webhooks_counts_an_undelivered_endpoint_and_delivery_success_false_lists_it()
    {
        var c = fixture.Client();
        var (_, _, url) = await EndpointAsync(c, "customer.created");
        Receiver.FailFirst(url, 1000);
        var customer = (await c.PostAsync("/v1/customers", ("email", "pending@example.com"))).AssertOk().Id;
        var received = await Receiver.WaitForAsync(url, 1);
        var ev = await WaitForAsync(c, received[0].EventId, e => e["pending_webhooks"]!.GetValue<int>() == 1);
        var failing = (await c.GetAsync("/v1/events", ("delivery_success", "false"))).AssertOk().Body["data"]!.AsArray();
        Assert.Equal(ev["id"]!.GetValue<string>(), Assert.Single(failing)!["id"]!.GetValue<string>());
        Assert.NotNull(customer);
        // After the schedule (3 retries) it stops: 4 attempts in all, still pending for delivery_success.
        await Receiver.WaitForAsync(url, 4);
        await Task.Delay(1500);
        Assert.Equal(4, Receiver.For(url).Count);
        var history = (await c.GetAsync($"/dashboard/events/{received[0].EventId}/webhook_attempts")).AssertOk().Body;
        Assert.Equal("failed", history["deliveries"]![0]!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Enabled_events_filter_deliveries_and_disabled_or_deleted_endpoints_get_nothing()
    {
        var c = fixture.Client();
        var (_, _, invoicesOnly) = await EndpointAsync(c, "invoice.created");
        var (disabled, _, disabledUrl) = await EndpointAsync(c, "*");
        var (deleted, _, deletedUrl) = await EndpointAsync(c, "*");
        var (_, _, all) = await EndpointAsync(c, "*");
        (await c.PostAsync($"/v1/webhook_endpoints/{disabled}", ("disabled", "true"))).AssertOk();
        (await c.DeleteAsync($"/v1/webhook_endpoints/{deleted}")).AssertOk();

        var customer = (await c.PostAsync("/v1/customers", ("email", "filter@example.com"))).AssertOk().Id;
        (await c.PostAsync("/v1/invoices", ("customer", customer))).AssertOk();
        var everything = await Receiver.WaitForAsync(all, 2);
        var invoices = await Receiver.WaitForAsync(invoicesOnly, 1);
        await Task.Delay(1000);
        Assert.Equal(["customer.created", "invoice.created"], Receiver.For(all).Select(r => r.Type).Order());
        Assert.Equal(["invoice.created"], Receiver.For(invoicesOnly).Select(r => r.Type));
        Assert.Empty(Receiver.For(disabledUrl));
        Assert.Empty(Receiver.For(deletedUrl));
        Assert.NotEmpty(everything);
        Assert.NotEmpty(invoices);
    }

    [Fact]
    public async Task Events_written_before_an_endpoint_existed_are_not_sent_to_it()
    {
        var c = fixture.Client();
        (await c.PostAsync("/v1/customers", ("email", "before@example.com"))).AssertOk();
        var (_, _, url) = await EndpointAsync(c, "*");
        var after = (await c.PostAsync("/v1/customers", ("email", "after@example.com"))).AssertOk().Id;
        var received = await Receiver.WaitForAsync(url, 1);
        await Task.Delay(1000);
        var only = Assert.Single(Receiver.For(url));
        Assert.Equal(after, only.Json["data"]!["object"]!["id"]!.GetValue<string>());
        Assert.NotEmpty(received);
    }

    [Fact]
    public async Task Two_instances_deliver_each_of_500_events_exactly_once()
    {
        var c = fixture.Client();
        var second = c.WithBase(fixture.Second.BaseAddress);
        var (_, _, url) = await EndpointAsync(c, "customer.created");
        const int count = 500;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            (await (i % 2 == 0 ? c : second).PostAsync("/v1/customers", ("email", $"c{i}@example.com"))).AssertOk());
        var received = await Receiver.WaitForAsync(url, count, TimeSpan.FromSeconds(120));
        await Task.Delay(2000);
        received = Receiver.For(url);
        var ids = received.Select(r => r.EventId).ToList();
        Assert.Equal(count, ids.Distinct().Count());
        Assert.Equal(count, ids.Count);
        var listed = new HashSet<string>();
        string? after = null;
        do
        {
            var page = (await c.GetAsync("/v1/events", [("limit", "100"), .. after is null ? [] : new[] { ("starting_after", after) }])).AssertOk().Body;
            foreach (var e in page["data"]!.AsArray()) listed.Add(e!["id"]!.GetValue<string>());
            after = page["has_more"]!.GetValue<bool>() ? page["data"]!.AsArray()[^1]!["id"]!.GetValue<string>() : null;
        }
        while (after is not null);
        Assert.Equal(listed.Order(), ids.Order());
    }

    internal static async Task<JsonObject> WaitForAsync(StripeTestClient c, string eventId, Func<JsonObject, bool> done, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        JsonObject ev;
        do
        {
            ev = (await c.GetAsync($"/v1/events/{eventId}")).AssertOk().Body;
            if (done(ev)) return ev;
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);
        return ev;
    }
}

using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.Webhooks;
using Stripe;

namespace PaymentRecords.IntegrationTests.Sdk;

/// <summary>
/// Stripe's guide "Integrate with third-party payment processors", steps 1–4, through the official Stripe.net client:
/// a custom payment method as the customer's default, a webhook endpoint pointing at a loopback handler
/// (<see cref="WebhookReceiver"/>), a one-off charge_automatically invoice finalized with auto_advance on, whose
/// invoice.payment_attempt_required the handler receives and verifies with <c>EventUtility.ConstructEvent</c> (default
/// settings: the endpoint is in the SDK's api_version, as Stripe advises), the payment reported with the payment method
/// and attached, and invoice.paid received the same way.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class StripeNetGuideTests(ServerFixture fixture)
{
    [Fact]
    public async Task Guide_steps_one_to_four_through_stripe_net()
    {
        var client = new StripeClient(ServerFixture.NewKey(), apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));
        var product = await client.V1.Products.CreateAsync(new ProductCreateOptions { Name = "Gold plan" });
        var price = await client.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Product = product.Id, Currency = "usd", UnitAmount = 2500, Recurring = new PriceRecurringOptions { Interval = "month" },
        });
        Assert.Equal("recurring", price.Type);

        var customer = await client.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "guide@example.com", Name = "Guide" });
        var pm = await client.V1.PaymentMethods.CreateAsync(new PaymentMethodCreateOptions
        {
            Type = "custom",
            Custom = new PaymentMethodCustomOptions { Type = "cpmt_guide_net" },
            BillingDetails = new PaymentMethodBillingDetailsOptions { Name = "Guide" },
            Metadata = new Dictionary<string, string> { ["processor"] = "acme" },
        });
        Assert.Equal("cpmt_guide_net", pm.Custom.Type);
        await client.V1.PaymentMethods.AttachAsync(pm.Id, new PaymentMethodAttachOptions { Customer = customer.Id });
        var updated = await client.V1.Customers.UpdateAsync(customer.Id, new CustomerUpdateOptions
        {
            InvoiceSettings = new CustomerInvoiceSettingsOptions { DefaultPaymentMethod = pm.Id },
        });
        Assert.Equal(pm.Id, updated.InvoiceSettings.DefaultPaymentMethodId);

        await using var handler = await WebhookReceiver.StartAsync();
        var url = handler.NewUrl("guide");
        var endpoint = await client.V1.WebhookEndpoints.CreateAsync(new WebhookEndpointCreateOptions
        {
            Url = url,
            EnabledEvents = ["invoice.payment_attempt_required", "invoice.paid"],
            ApiVersion = StripeConfiguration.ApiVersion,
        });

        var draft = await client.V1.Invoices.CreateAsync(new InvoiceCreateOptions
        {
            Customer = customer.Id,
            CollectionMethod = "charge_automatically",
            AutoAdvance = true,
        });
        await client.V1.InvoiceItems.CreateAsync(new InvoiceItemCreateOptions { Customer = customer.Id, Invoice = draft.Id, Amount = 2500, Currency = "usd" });
        var open = await client.V1.Invoices.FinalizeInvoiceAsync(draft.Id);
        var events = await client.V1.Events.ListAsync(new EventListOptions { Type = "invoice.payment_attempt_required" });
        Assert.Contains(events.Data, e => ((Invoice)e.Data.Object).Id == open.Id);
        var delivery = Assert.Single(await handler.WaitForAsync(url, 1));
        var required = EventUtility.ConstructEvent(delivery.Body, delivery.Signature, endpoint.Secret);
        Assert.Equal("invoice.payment_attempt_required", required.Type);
        var requiredInvoice = Assert.IsType<Invoice>(required.Data.Object);
        Assert.Equal(open.Id, requiredInvoice.Id);
        Assert.Equal("open", requiredInvoice.Status);
        Assert.Equal(2500, requiredInvoice.AmountDue);

        var record = await client.V1.PaymentRecords.ReportPaymentAsync(new PaymentRecordReportPaymentOptions
        {
            AmountRequested = new PaymentRecordAmountRequestedOptions { Currency = "usd", Value = open.AmountDue },
            PaymentMethodDetails = new PaymentRecordPaymentMethodDetailsOptions { PaymentMethod = pm.Id },
            CustomerDetails = new PaymentRecordCustomerDetailsOptions { Customer = customer.Id },
            InitiatedAt = DateTime.UtcNow.AddMinutes(-1),
            CustomerPresence = "off_session",
            ProcessorDetails = new PaymentRecordProcessorDetailsOptions
            {
                Type = "custom", Custom = new PaymentRecordProcessorDetailsCustomOptions { PaymentReference = "acme-net" },
            },
            Outcome = "guaranteed",
            Guaranteed = new PaymentRecordGuaranteedOptions { GuaranteedAt = DateTime.UtcNow },
        });
        Assert.Equal(pm.Id, record.PaymentMethodDetails.PaymentMethod);
        Assert.Equal("cpmt_guide_net", record.PaymentMethodDetails.Custom.Type);

        var paid = await client.V1.Invoices.AttachPaymentAsync(open.Id, new InvoiceAttachPaymentOptions { PaymentRecord = record.Id });
        Assert.Equal("paid", paid.Status);
        var paidDelivery = (await handler.WaitForAsync(url, 2))[1];
        var paidEvent = EventUtility.ConstructEvent(paidDelivery.Body, paidDelivery.Signature, endpoint.Secret);
        Assert.Equal("invoice.paid", paidEvent.Type);
        Assert.Equal(open.Id, Assert.IsType<Invoice>(paidEvent.Data.Object).Id);
    }
}

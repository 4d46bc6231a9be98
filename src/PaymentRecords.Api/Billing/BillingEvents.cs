using System.Text.Json.Nodes;
using PaymentRecords.Api.CreditNotes;
using PaymentRecords.Api.Customers;
using PaymentRecords.Api.Events;
using PaymentRecords.Api.InvoicePayments;
using PaymentRecords.Api.Invoices;
using PaymentRecords.Api.PaymentMethods;
using PaymentRecords.Api.Prices;
using PaymentRecords.Api.Products;
using PaymentRecords.Api.Subscriptions;
using PaymentRecords.Application;
using PaymentRecords.Domain.Catalog;
using PaymentRecords.Domain.CreditNotes;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.InvoicePayments;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.PaymentMethods;
using PaymentRecords.Domain.Subscriptions;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.Billing;

/// <summary>
/// The event sink of one unit of work, with or without a request behind it: renders each object once per state (the
/// renderers of each resource, e.g. <see cref="InvoiceRenderer"/>) and queues its event in the unit of work, so it
/// commits with the change. It needs the reads of <see cref="EfRenderingStore"/>, a flush (a rendering that reads sees
/// pending changes), the event's origin and the clock that stamps events; an endpoint shows the last rendering.
/// </summary>
public sealed class BillingEvents(EfRenderingStore store, Func<Task> flush, EventOrigin origin, TimeProvider clock, HostedInvoices.HostedInvoiceLinks links)
    : IBillingEvents
{
    private readonly Dictionary<string, JsonObject> _rendered = new(StringComparer.Ordinal);
    /// <summary>Watched invoices: their lines were read once and do not change under the watch, so they render in memory.</summary>
    private Dictionary<string, Func<JsonObject>>? _views;

    /// <summary>Made on first use: most requests watch nothing (a create renders once).</summary>
    private Dictionary<string, Func<JsonObject>> Views => _views ??= new(StringComparer.Ordinal);

    /// <summary>The invoice as last rendered for an event (what the response shows: the use case ended there).</summary>
    public JsonObject Rendered(Invoice invoice) => _rendered[invoice.Id];

    /// <summary>The credit note as last rendered for an event.</summary>
    public JsonObject Rendered(CreditNote note) => _rendered[note.Id];

    /// <summary>The customer as last rendered (for an event, or by its watch).</summary>
    public JsonObject Rendered(Customer customer) => _rendered[customer.Id];

    /// <summary>The subscription as last rendered for an event.</summary>
    public JsonObject Rendered(Subscription subscription) => _rendered[subscription.Id];

    /// <summary>Whether the subscription was rendered for an event in this unit of work.</summary>
    public bool HasRendered(Subscription subscription) => _rendered.ContainsKey(subscription.Id);

    public async Task SubscriptionAsync(BillingOutcome what, Subscription subscription)
    {
        JsonObject rendered;
        if (Views.TryGetValue(subscription.Id, out var view)) _rendered[subscription.Id] = rendered = view();
        else _rendered[subscription.Id] = rendered = await SubscriptionRendering.RenderAsync(store, flush, subscription);
        EmitOutcome(what, rendered);
    }

    public Task UpcomingInvoiceAsync(Invoice preview, IReadOnlyList<InvoiceItem> lines, Customer? customer)
    {
        // "The received Invoice object will not have an invoice ID."
        var rendered = InvoiceRenderer.Render(preview, lines, customer);
        rendered.Remove("id");
        Emit(BillingEventCatalog.InvoiceUpcoming, rendered);
        return Task.CompletedTask;
    }

    public Task TestClockAsync(BillingOutcome what, Domain.TestClocks.TestClock clock)
    {
        var rendered = _rendered[clock.Id] = TestClocks.TestClockRenderer.Render(clock);
        EmitOutcome(what, rendered);
        return Task.CompletedTask;
    }

    public Task MeterAsync(BillingOutcome what, Domain.Meters.Meter meter)
    {
        var rendered = _rendered[meter.Id] = Meters.MeterRenderer.Render(meter);
        EmitOutcome(what, rendered);
        return Task.CompletedTask;
    }

    public Task AlertTriggeredAsync(Domain.Meters.BillingAlert alert, Domain.Meters.BillingAlertTrigger trigger)
    {
        EmitOutcome(BillingOutcome.AlertTriggered, Meters.BillingAlertRenderer.RenderTriggered(alert, trigger));
        return Task.CompletedTask;
    }

    /// <summary>The meter as last rendered for an event.</summary>
    public JsonObject Rendered(Domain.Meters.Meter meter) => _rendered[meter.Id];

    /// <summary>The test clock as last rendered for an event.</summary>
    public JsonObject Rendered(Domain.TestClocks.TestClock clock) => _rendered[clock.Id];

    public Task CreditGrantAsync(BillingOutcome what, Domain.Credits.CreditGrant grant)
    {
        var rendered = _rendered[grant.Id] = Credits.CreditRenderer.RenderGrant(grant);
        EmitOutcome(what, rendered);
        return Task.CompletedTask;
    }

    public Task CreditBalanceTransactionAsync(Domain.Credits.CreditBalanceTransaction entry)
    {
        var rendered = _rendered[entry.Id] = Credits.CreditRenderer.RenderTransaction(entry);
        foreach (var type in BillingEventCatalog.StripeTypes(BillingOutcome.CreditBalanceTransactionCreated)) Emit(type, rendered);
        return Task.CompletedTask;
    }

    /// <summary>The credit grant as last rendered for an event.</summary>
    public JsonObject Rendered(Domain.Credits.CreditGrant grant) => _rendered[grant.Id];

    public async Task<IChangeWatch> WatchSubscriptionAsync(Subscription subscription)
    {
        var view = await SubscriptionRendering.ViewAsync(store, subscription);
        Views[subscription.Id] = view;
        var before = view();
        return new ChangeWatch(() =>
        {
            var after = _rendered[subscription.Id] = view();
            EmitUpdated(BillingEventCatalog.SubscriptionUpdated, before, after);
        });
    }

    public async Task<IAsyncChangeWatch> WatchSubscriptionAndItemsAsync(Subscription subscription)
    {
        // No view: the items change under this watch, so every rendering until it ends reads them again.
        Views.Remove(subscription.Id);
        var before = await SubscriptionRendering.RenderAsync(store, flush, subscription);
        return new AsyncChangeWatch(async () =>
        {
            var after = _rendered[subscription.Id] = await SubscriptionRendering.RenderAsync(store, flush, subscription);
            EmitUpdated(BillingEventCatalog.SubscriptionUpdated, before, after);
        });
    }

    public async Task InvoiceAsync(BillingOutcome what, Invoice invoice, Customer? customer)
    {
        // Every event of one outcome is about the invoice as it stands: rendered for the first, reused for the rest.
        foreach (var type in BillingEventCatalog.StripeTypes(what)) await InvoiceAsync(type, invoice, customer);
    }

    private async Task InvoiceAsync(string type, Invoice invoice, Customer? customer)
    {
        JsonObject? rendered;
        // A watched invoice renders from the lines its watch read (no flush, no read).
        if (Views.TryGetValue(invoice.Id, out var view))
            _rendered[invoice.Id] = rendered = view();
        // Rendering flushes pending changes; with none since the last rendering the invoice is as it was shown then.
        else if (store.HasChanges || !_rendered.TryGetValue(invoice.Id, out rendered))
            _rendered[invoice.Id] = rendered = await InvoiceRendering.RenderAsync(store, flush, invoice, customer);
        Emit(type, rendered);
    }

    public Task InvoicePaymentAsync(BillingOutcome what, InvoicePayment payment)
    {
        var rendered = InvoicePaymentRenderer.Render(payment);
        EmitOutcome(what, rendered);
        return Task.CompletedTask;
    }

    public async Task CreditNoteAsync(BillingOutcome what, CreditNote note, IReadOnlyList<CreditNoteRefund> citations, IReadOnlyList<CreditNoteLineItem>? lines = null)
    {
        // Its lines never change once issued: read as stored, unless at hand (a note just issued is not flushed yet).
        lines ??= await store.FirstCreditNoteLinesAsync(note.Id, CreditNoteRenderer.EmbeddedLines + 1);
        var rendered = CreditNoteRenderer.Render(note, lines, citations);
        _rendered[note.Id] = rendered;
        EmitOutcome(what, rendered);
    }

    public async Task<IChangeWatch> WatchCreditNoteAsync(CreditNote note, IReadOnlyList<CreditNoteRefund> citations)
    {
        var lines = await store.FirstCreditNoteLinesAsync(note.Id, CreditNoteRenderer.EmbeddedLines + 1);
        var before = CreditNoteRenderer.Render(note, lines, citations);
        return new ChangeWatch(() =>
        {
            var after = _rendered[note.Id] = CreditNoteRenderer.Render(note, lines, citations);
            EmitUpdated(BillingEventCatalog.CreditNoteUpdated, before, after);
        });
    }

    public Task CustomerAsync(BillingOutcome what, Customer customer)
    {
        var rendered = _rendered[customer.Id] = CustomerRenderer.Render(customer);
        EmitOutcome(what, rendered);
        return Task.CompletedTask;
    }

    public IChangeWatch WatchCustomer(Customer customer)
    {
        // A deleted customer gets no customer.updated (its invoices still move its balance).
        if (customer.Deleted) return new ChangeWatch(() => { });
        var before = CustomerRenderer.Render(customer);
        return new ChangeWatch(() =>
        {
            var after = _rendered[customer.Id] = CustomerRenderer.Render(customer);
            EmitUpdated(BillingEventCatalog.CustomerUpdated, before, after);
        });
    }

    public async Task<IChangeWatch> WatchInvoiceAsync(Invoice invoice)
    {
        var view = await InvoiceRendering.ViewAsync(store, invoice);
        Views[invoice.Id] = view;
        var before = view();
        return new ChangeWatch(() =>
        {
            var after = _rendered[invoice.Id] = view();
            EmitUpdated(BillingEventCatalog.InvoiceUpdated, before, after);
        });
    }

    public Task InvoiceItemAsync(BillingOutcome what, InvoiceItem item)
    {
        var rendered = _rendered[item.Id] = InvoiceItemRenderer.Render(item);
        EmitOutcome(what, rendered);
        return Task.CompletedTask;
    }

    public async Task<IAsyncChangeWatch> WatchDraftInvoiceAsync(Invoice invoice, Customer? customer)
    {
        // A draft's lines change under this watch: rendered as stored before and after (each flushes what is pending).
        var before = await InvoiceRendering.RenderAsync(store, flush, invoice, customer);
        return new AsyncChangeWatch(async () =>
        {
            var after = _rendered[invoice.Id] = await InvoiceRendering.RenderAsync(store, flush, invoice, customer);
            EmitUpdated(BillingEventCatalog.InvoiceUpdated, before, after);
        });
    }

    /// <summary>The invoice item as last rendered for an event.</summary>
    public JsonObject Rendered(InvoiceItem item) => _rendered[item.Id];

    public Task PaymentMethodAsync(BillingOutcome what, PaymentMethod paymentMethod, string? detachedFrom = null)
    {
        var rendered = _rendered[paymentMethod.Id] = PaymentMethodRenderer.Render(paymentMethod);
        // Recorded against Stripe: payment_method.detached carries the customer it left.
        foreach (var type in BillingEventCatalog.StripeTypes(what))
            Emit(type, rendered, detachedFrom is null ? null : new JsonObject { ["customer"] = detachedFrom });
        return Task.CompletedTask;
    }

    public IChangeWatch WatchPaymentMethod(PaymentMethod paymentMethod)
    {
        var before = PaymentMethodRenderer.Render(paymentMethod);
        return new ChangeWatch(() =>
        {
            var after = _rendered[paymentMethod.Id] = PaymentMethodRenderer.Render(paymentMethod);
            EmitUpdated(BillingEventCatalog.PaymentMethodUpdated, before, after);
        });
    }

    public Task ProductAsync(BillingOutcome what, Product product)
    {
        var rendered = ProductRenderer.Render(product);
        EmitOutcome(what, rendered);
        return Task.CompletedTask;
    }

    public IObjectWatch WatchProduct(Product product)
    {
        var before = ProductRenderer.Render(product);
        return new ObjectWatch(() => !JsonNode.DeepEquals(before, ProductRenderer.Render(product)), () =>
        {
            EmitUpdated(BillingEventCatalog.ProductUpdated, before, ProductRenderer.Render(product));
        });
    }

    public Task CouponAsync(BillingOutcome what, Coupon coupon)
    {
        EmitOutcome(what, Coupons.CouponRenderer.Render(coupon, clock.GetUtcNow().ToUnixTimeSeconds()));
        return Task.CompletedTask;
    }

    public IObjectWatch WatchCoupon(Coupon coupon)
    {
        var before = Coupons.CouponRenderer.Render(coupon, clock.GetUtcNow().ToUnixTimeSeconds());
        return new ObjectWatch(() => !JsonNode.DeepEquals(before, Coupons.CouponRenderer.Render(coupon, clock.GetUtcNow().ToUnixTimeSeconds())), () =>
        {
            EmitUpdated(BillingEventCatalog.CouponUpdated, before, Coupons.CouponRenderer.Render(coupon, clock.GetUtcNow().ToUnixTimeSeconds()));
        });
    }

    public Task PriceAsync(BillingOutcome what, Price price)
    {
        var rendered = PriceRenderer.Render(price);
        EmitOutcome(what, rendered);
        return Task.CompletedTask;
    }

    public IChangeWatch WatchPrice(Price price)
    {
        var before = PriceRenderer.Render(price);
        return new ChangeWatch(() =>
        {
            var after = PriceRenderer.Render(price);
            EmitUpdated(BillingEventCatalog.PriceUpdated, before, after);
        });
    }

    /// <summary>The payment method as last rendered (for an event, or by its watch).</summary>
    public JsonObject Rendered(PaymentMethod paymentMethod) => _rendered.TryGetValue(paymentMethod.Id, out var r) ? r : PaymentMethodRenderer.Render(paymentMethod);

    public JsonObject CustomerSnapshot(Customer customer) => InvoiceRenderer.CustomerSnapshot(customer);

    public (string HostedInvoiceUrl, string InvoicePdf) InvoiceLinks(Invoice invoice) => links.For(invoice.AccountId, invoice.Id);

    /// <summary>Queues the events <see cref="BillingEventCatalog"/> maps <paramref name="what"/> to, all about <paramref name="rendered"/>.</summary>
    private void EmitOutcome(BillingOutcome what, JsonObject rendered)
    {
        foreach (var type in BillingEventCatalog.StripeTypes(what)) Emit(type, rendered);
    }

    /// <summary>Queues a watch's <c>*.updated</c> event when the rendering changed, with exactly the old values of the changed keys.</summary>
    private void EmitUpdated(string type, JsonObject before, JsonObject after)
    {
        var previous = EventWriter.PreviousAttributes(before, after);
        if (previous.Count > 0) Emit(type, after, previous);
    }

    private void Emit(string type, JsonObject obj, JsonObject? previousAttributes = null) =>
        store.AddEvent(EventWriter.New(origin, clock.GetUtcNow().ToUnixTimeSeconds(), type, obj, previousAttributes));

    private sealed class ChangeWatch(Action emit) : IChangeWatch
    {
        public void EmitIfChanged() => emit();
    }

    private sealed class ObjectWatch(Func<bool> changed, Action emit) : IObjectWatch
    {
        public bool Changed => changed();

        public void EmitIfChanged() => emit();
    }

    private sealed class AsyncChangeWatch(Func<Task> emit) : IAsyncChangeWatch
    {
        public Task EmitIfChangedAsync() => emit();
    }
}

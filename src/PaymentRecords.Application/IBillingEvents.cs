using System.Text.Json.Nodes;
using PaymentRecords.Domain.CreditNotes;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.InvoicePayments;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.Subscriptions;

namespace PaymentRecords.Application;

/// <summary>
/// Where use cases say what happened. The implementation renders the object as it stands at that moment (Stripe's
/// <c>data.object</c>), once per state, and queues the events <see cref="BillingEventCatalog"/> maps the outcome to
/// in the unit of work, so they commit with the change.
/// </summary>
public interface IBillingEvents
{
    /// <summary>Queues the events of <paramref name="what"/> about <paramref name="invoice"/> as it stands now.</summary>
    Task InvoiceAsync(BillingOutcome what, Invoice invoice, Customer? customer);

    /// <summary>Queues the events of <paramref name="what"/> about the invoice payment as it stands now.</summary>
    Task InvoicePaymentAsync(BillingOutcome what, InvoicePayment payment);

    /// <summary>
    /// Queues the events of <paramref name="what"/> about <paramref name="note"/> as it stands now (with the refund groups it cites);
    /// <paramref name="lines"/>: its lines when at hand (a note just issued), else they are read.
    /// </summary>
    Task CreditNoteAsync(BillingOutcome what, CreditNote note, IReadOnlyList<CreditNoteRefund> citations, IReadOnlyList<CreditNoteLineItem>? lines = null);

    /// <summary>
    /// Watches <paramref name="note"/> (locked) across a change of its memo or metadata (<see cref="BillingEventCatalog.CreditNoteUpdated"/>):
    /// its lines are read once, and it renders in memory with <paramref name="citations"/>.
    /// </summary>
    Task<IChangeWatch> WatchCreditNoteAsync(CreditNote note, IReadOnlyList<CreditNoteRefund> citations);

    /// <summary>Queues the events of <paramref name="what"/> about <paramref name="subscription"/> as it stands now (with its items).</summary>
    Task SubscriptionAsync(BillingOutcome what, Subscription subscription);

    /// <summary>Queues <c>invoice.upcoming</c> about a preview invoice (never stored: rendered from the lines given).</summary>
    Task UpcomingInvoiceAsync(Invoice preview, IReadOnlyList<InvoiceItem> lines, Customer? customer);

    /// <summary>Queues the events of <paramref name="what"/> about the test clock as it stands now.</summary>
    Task TestClockAsync(BillingOutcome what, Domain.TestClocks.TestClock clock);

    /// <summary>Queues the events of <paramref name="what"/> about the billing meter as it stands now.</summary>
    Task MeterAsync(BillingOutcome what, Domain.Meters.Meter meter);

    /// <summary>Queues <c>billing.alert.triggered</c>: <paramref name="alert"/> fired for the customer of <paramref name="trigger"/>.</summary>
    Task AlertTriggeredAsync(Domain.Meters.BillingAlert alert, Domain.Meters.BillingAlertTrigger trigger);

    /// <summary>Watches <paramref name="subscription"/> (locked) across a change (<see cref="BillingEventCatalog.SubscriptionUpdated"/>).</summary>
    Task<IChangeWatch> WatchSubscriptionAsync(Subscription subscription);

    /// <summary>
    /// Watches <paramref name="subscription"/> (locked) across a change of its items too (prices, quantities, items added
    /// or deleted): rendered now, and again from its items as stored when the change is done.
    /// </summary>
    Task<IAsyncChangeWatch> WatchSubscriptionAndItemsAsync(Subscription subscription);

    /// <summary>Queues the events of <paramref name="what"/> about <paramref name="customer"/> as it stands now (no read: a create stays one round trip).</summary>
    Task CustomerAsync(BillingOutcome what, Customer customer);

    /// <summary>Watches <paramref name="customer"/> (locked, not deleted) across a change: its update, or one another resource makes to it (<see cref="BillingEventCatalog.CustomerUpdated"/>).</summary>
    IChangeWatch WatchCustomer(Customer customer);

    /// <summary>Watches a finalized <paramref name="invoice"/> (locked) across a change of its amounts or status, not its lines (<see cref="BillingEventCatalog.InvoiceUpdated"/>).</summary>
    Task<IChangeWatch> WatchInvoiceAsync(Invoice invoice);

    /// <summary>Queues the events of <paramref name="what"/> about <paramref name="item"/> as it stands now.</summary>
    Task InvoiceItemAsync(BillingOutcome what, InvoiceItem item);

    /// <summary>
    /// Watches a draft <paramref name="invoice"/> (locked) across a change of its lines (<see cref="BillingEventCatalog.InvoiceUpdated"/>):
    /// rendered now and again, as stored, when the change is done.
    /// </summary>
    Task<IAsyncChangeWatch> WatchDraftInvoiceAsync(Invoice invoice, Customer? customer);

    /// <summary>
    /// Queues the events of <paramref name="what"/> about the payment method as it stands now; <paramref name="detachedFrom"/>:
    /// the customer it was just detached from, which <c>payment_method.detached</c> shows in <c>previous_attributes</c>.
    /// </summary>
    Task PaymentMethodAsync(BillingOutcome what, Domain.PaymentMethods.PaymentMethod paymentMethod, string? detachedFrom = null);

    /// <summary>Watches a payment method (locked) across an update (<see cref="BillingEventCatalog.PaymentMethodUpdated"/>).</summary>
    IChangeWatch WatchPaymentMethod(Domain.PaymentMethods.PaymentMethod paymentMethod);

    /// <summary>Queues the events of <paramref name="what"/> about the product as it stands now.</summary>
    Task ProductAsync(BillingOutcome what, Domain.Catalog.Product product);

    /// <summary>Queues the events of <paramref name="what"/> about the coupon as it stands now.</summary>
    Task CouponAsync(BillingOutcome what, Domain.Catalog.Coupon coupon);

    /// <summary>Watches a coupon (locked) across an update (<see cref="BillingEventCatalog.CouponUpdated"/>).</summary>
    IObjectWatch WatchCoupon(Domain.Catalog.Coupon coupon);

    /// <summary>Watches a product (locked) across an update (<see cref="BillingEventCatalog.ProductUpdated"/>); it tells whether it changed.</summary>
    IObjectWatch WatchProduct(Domain.Catalog.Product product);

    /// <summary>Queues the events of <paramref name="what"/> about the price as it stands now.</summary>
    Task PriceAsync(BillingOutcome what, Domain.Catalog.Price price);

    /// <summary>Watches a price (locked) across an update (<see cref="BillingEventCatalog.PriceUpdated"/>).</summary>
    IChangeWatch WatchPrice(Domain.Catalog.Price price);

    /// <summary>Queues the events of <paramref name="what"/> about the credit grant as it stands now.</summary>
    Task CreditGrantAsync(BillingOutcome what, Domain.Credits.CreditGrant grant);

    /// <summary>Queues <c>billing.credit_balance_transaction.created</c> about a new ledger entry.</summary>
    Task CreditBalanceTransactionAsync(Domain.Credits.CreditBalanceTransaction entry);

    /// <summary>The customer's details an invoice freezes at finalize (the <c>customer_*</c> fields).</summary>
    JsonObject CustomerSnapshot(Customer customer);

    /// <summary>Where a finalized invoice is published: its page (<c>hosted_invoice_url</c>) and its PDF (<c>invoice_pdf</c>).</summary>
    (string HostedInvoiceUrl, string InvoicePdf) InvoiceLinks(Invoice invoice);
}

/// <summary>An object watched by <see cref="IBillingEvents.WatchCustomer"/> or <see cref="IBillingEvents.WatchInvoiceAsync"/>.</summary>
public interface IChangeWatch
{
    /// <summary>Queues its <c>*.updated</c> event (old values of the changed keys) when the object changed since the watch began.</summary>
    void EmitIfChanged();
}

/// <summary>A watch that also says whether the object's rendering changed (so the use case can stamp it, e.g. a product's <c>updated</c>).</summary>
public interface IObjectWatch : IChangeWatch
{
    bool Changed { get; }
}

/// <summary>An object watched by <see cref="IBillingEvents.WatchDraftInvoiceAsync"/>: seeing the change may read.</summary>
public interface IAsyncChangeWatch
{
    /// <summary>Queues its <c>*.updated</c> event (old values of the changed keys) when the object changed since the watch began.</summary>
    Task EmitIfChangedAsync();
}

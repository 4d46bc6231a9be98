using System.Text.Json.Nodes;
using PaymentRecords.Api.Events;
using PaymentRecords.Api.Invoices;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Application;
using PaymentRecords.Domain.CreditNotes;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.Billing;

/// <summary>
/// The billing context of one HTTP request: the request's account and time, the Persistence stores over its
/// DbContext, and <see cref="BillingEvents"/> over the same unit of work (events carry the request's id). Endpoints
/// decode → command → <see cref="RunAsync"/> → <see cref="Rendered(Invoice)"/>.
/// </summary>
public sealed class RequestBilling
{
    private readonly BillingEvents _events;

    public RequestBilling(RequestScope s)
    {
        var clock = new RequestClock(s);
        // Events are stamped with the billing time of the use case: the request's, or the customer's test clock.
        _events = new BillingEvents(InvoiceStore.Rendering(s), () => UniqueRules.SaveChangesAsync(s.Db),
            new EventOrigin(s.AccountId, s.RequestId, s.IdempotencyKey), new BillingTimeClock(this),
            s.Http.RequestServices.GetRequiredService<HostedInvoices.HostedInvoiceLinks>());
        // A customer on a test clock reads its frozen time; everyone else the request's time.
        Context = new BillingContext(s.AccountId, new EfCustomerClocks(s.Db, s.AccountId, clock), EfBillingStores.For(s.Db, s.AccountId), _events);
    }

    public BillingContext Context { get; }

    /// <summary>
    /// Runs a use case; what it refuses becomes Stripe's error (<paramref name="refusals"/> maps the use case's own
    /// refusals; objects that are missing or never held here, and metadata past its limit, are mapped for all).
    /// </summary>
    public Task<T> RunAsync<T>(Func<BillingContext, Task<T>> useCase, Func<Exception, StripeError?> refusals) =>
        ApplicationErrors.MapAsync(() => useCase(Context), refusals);

    /// <summary>The invoice as last rendered for an event (what the response shows: the use case ended there).</summary>
    public JsonObject Rendered(Invoice invoice) => _events.Rendered(invoice);

    /// <summary>The credit note as last rendered for an event.</summary>
    public JsonObject Rendered(CreditNote note) => _events.Rendered(note);

    /// <summary>The customer as last rendered (for an event, or by its watch).</summary>
    public JsonObject Rendered(Domain.Customers.Customer customer) => _events.Rendered(customer);

    /// <summary>The invoice item as last rendered for an event.</summary>
    public JsonObject Rendered(InvoiceItem item) => _events.Rendered(item);

    /// <summary>The subscription as last rendered for an event; null when no event rendered it (an update that changed nothing).</summary>
    public JsonObject? Rendered(Domain.Subscriptions.Subscription subscription) =>
        _events.HasRendered(subscription) ? _events.Rendered(subscription) : null;

    /// <summary>The test clock as last rendered for an event.</summary>
    public JsonObject Rendered(Domain.TestClocks.TestClock clock) => _events.Rendered(clock);

    /// <summary>The payment method as last rendered (for an event, or by its watch), else as it stands.</summary>
    public JsonObject Rendered(Domain.PaymentMethods.PaymentMethod paymentMethod) => _events.Rendered(paymentMethod);

    /// <summary>The credit grant as last rendered for an event.</summary>
    public JsonObject Rendered(Domain.Credits.CreditGrant grant) => _events.Rendered(grant);
    /// <summary>The meter as last rendered for an event.</summary>
    public JsonObject Rendered(Domain.Meters.Meter meter) => _events.Rendered(meter);

    /// <summary>The context's billing time (<see cref="BillingContext.Now"/>) as a clock.</summary>
    private sealed class BillingTimeClock(RequestBilling billing) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeSeconds(billing.Context.Now);
    }

    /// <summary>The request's time (<see cref="RequestScope.Now"/>: one value, read on first use) as a clock.</summary>
    private sealed class RequestClock(RequestScope s) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeSeconds(s.Now);
    }
}

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
        _events = new BillingEvents(InvoiceStore.Rendering(s), () => UniqueRules.SaveChangesAsync(s.Db),
            new EventOrigin(s.AccountId, s.RequestId, s.IdempotencyKey), clock);
        // Every customer reads the request's time today; a customer's test clock will be resolved here.
        Context = new BillingContext(s.AccountId, new SharedClock(clock), EfBillingStores.For(s.Db, s.AccountId), _events);
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

    /// <summary>The request's time (<see cref="RequestScope.Now"/>: one value, read on first use) as a clock.</summary>
    private sealed class RequestClock(RequestScope s) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeSeconds(s.Now);
    }
}

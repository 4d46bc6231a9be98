using System.Text.Json.Nodes;
using PaymentRecords.Api.Customers;
using PaymentRecords.Api.Invoices;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Application;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Api.Billing;

/// <summary>
/// The billing context of one HTTP request: the request's account and time, the Persistence stores over its
/// DbContext, and an event sink that renders each object once per state and queues its events in the request's
/// transaction. Endpoints decode → command → service → <see cref="Rendered"/>.
/// </summary>
public sealed class RequestBilling : IBillingEvents
{
    private readonly RequestScope _s;
    private readonly Dictionary<string, JsonObject> _invoices = new(StringComparer.Ordinal);

    public RequestBilling(RequestScope s)
    {
        _s = s;
        Context = new BillingContext(s.AccountId, new RequestClock(s), InvoiceStore.Store(s), this);
    }

    public BillingContext Context { get; }

    /// <summary>The invoice as last rendered for an event (what the response shows: the use case ended there).</summary>
    public JsonObject Rendered(Invoice invoice) => _invoices[invoice.Id];

    public async Task InvoiceAsync(string type, Invoice invoice, Customer? customer)
    {
        // Rendering flushes pending changes; with none since the last rendering the invoice is as it was shown then.
        if (_s.Db.ChangeTracker.HasChanges() || !_invoices.TryGetValue(invoice.Id, out var rendered))
            _invoices[invoice.Id] = rendered = await InvoiceStore.RenderAsync(_s, invoice, customer);
        await InvoiceStore.EmitAsync(_s, type, rendered);
    }

    public ICustomerWatch WatchCustomer(Customer customer) => new Watch(_s, CustomerChange.Watch(customer));

    public JsonObject CustomerSnapshot(Customer customer) => InvoiceRenderer.CustomerSnapshot(customer);

    private sealed class Watch(RequestScope s, CustomerChange change) : ICustomerWatch
    {
        public void EmitIfChanged() => change.EmitIfChanged(s);
    }

    /// <summary>The request's time (<see cref="RequestScope.Now"/>: one value, read on first use) as a clock.</summary>
    private sealed class RequestClock(RequestScope s) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeSeconds(s.Now);
    }
}

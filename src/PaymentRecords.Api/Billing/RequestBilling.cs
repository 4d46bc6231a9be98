using System.Text.Json.Nodes;
using PaymentRecords.Api.CreditNotes;
using PaymentRecords.Api.Customers;
using PaymentRecords.Api.Events;
using PaymentRecords.Api.InvoicePayments;
using PaymentRecords.Api.Invoices;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Application;
using PaymentRecords.Domain.CreditNotes;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.InvoicePayments;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.Billing;

/// <summary>
/// The billing context of one HTTP request: the request's account and time, the Persistence stores over its
/// DbContext, and an event sink that renders each object once per state and queues its events in the request's
/// transaction. Endpoints decode → command → <see cref="RunAsync"/> → <see cref="Rendered(Invoice)"/>.
/// </summary>
public sealed class RequestBilling : IBillingEvents
{
    private readonly RequestScope _s;
    private readonly Dictionary<string, JsonObject> _rendered = new(StringComparer.Ordinal);
    /// <summary>Watched invoices: their lines were read once and do not change under the watch, so they render in memory.</summary>
    private readonly Dictionary<string, Func<JsonObject>> _views = new(StringComparer.Ordinal);

    public RequestBilling(RequestScope s)
    {
        _s = s;
        // Every customer reads the request's time today; a customer's test clock will be resolved here.
        Context = new BillingContext(s.AccountId, new SharedClock(new RequestClock(s)), EfBillingStores.For(s.Db, s.AccountId), this);
    }

    public BillingContext Context { get; }

    /// <summary>
    /// Runs a use case; what it refuses becomes Stripe's error (<paramref name="refusals"/> maps the use case's own
    /// refusals; objects that are missing or never held here are mapped for all).
    /// </summary>
    public async Task<T> RunAsync<T>(Func<BillingContext, Task<T>> useCase, Func<Exception, StripeError?> refusals)
    {
        try
        {
            return await useCase(Context);
        }
        catch (NotHeld e)
        {
            throw new StripeException(NotHeldObjects.Missing(e.ObjectType, e.Id, e.Param));
        }
        catch (NotFound e)
        {
            throw new StripeException(ErrorCatalog.NoSuch(e.ObjectType, e.Id, e.Param));
        }
        catch (MetadataLimitExceeded)
        {
            throw new StripeException(ErrorCatalog.Make("metadata_too_many_keys", "metadata"));
        }
        catch (Exception e) when (refusals(e) is { } error)
        {
            throw new StripeException(error);
        }
    }

    /// <summary>The invoice as last rendered for an event (what the response shows: the use case ended there).</summary>
    public JsonObject Rendered(Invoice invoice) => _rendered[invoice.Id];

    /// <summary>The credit note as last rendered for an event.</summary>
    public JsonObject Rendered(CreditNote note) => _rendered[note.Id];

    public async Task InvoiceAsync(string type, Invoice invoice, Customer? customer)
    {
        JsonObject? rendered;
        // A watched invoice renders from the lines its watch read (no flush, no read).
        if (_views.TryGetValue(invoice.Id, out var view))
            _rendered[invoice.Id] = rendered = view();
        // Rendering flushes pending changes; with none since the last rendering the invoice is as it was shown then.
        else if (_s.Db.ChangeTracker.HasChanges() || !_rendered.TryGetValue(invoice.Id, out rendered))
            _rendered[invoice.Id] = rendered = await InvoiceStore.RenderAsync(_s, invoice, customer);
        await InvoiceStore.EmitAsync(_s, type, rendered);
    }

    public Task InvoicePaymentAsync(string type, InvoicePayment payment) =>
        InvoiceStore.EmitAsync(_s, type, InvoicePaymentRenderer.Render(payment));

    public async Task CreditNoteAsync(string type, CreditNote note, IReadOnlyList<CreditNoteRefund> citations, IReadOnlyList<CreditNoteLineItem>? lines = null)
    {
        // Its lines never change once issued: read as stored, unless at hand (a note just issued is not flushed yet).
        var rendered = CreditNoteRenderer.Render(note, lines ?? await CreditNoteStore.EmbeddedLinesAsync(_s, note.Id), citations);
        _rendered[note.Id] = rendered;
        await InvoiceStore.EmitAsync(_s, type, rendered);
    }

    public IChangeWatch WatchCustomer(Customer customer)
    {
        var change = CustomerChange.Watch(customer);
        return new ChangeWatch(() => change.EmitIfChanged(_s));
    }

    public async Task<IChangeWatch> WatchInvoiceAsync(Invoice invoice)
    {
        var view = await InvoiceStore.ViewAsync(_s, invoice);
        _views[invoice.Id] = view;
        var before = view();
        return new ChangeWatch(() =>
        {
            var after = _rendered[invoice.Id] = view();
            EventWriter.EmitUpdated(_s, "invoice.updated", before, after);
        });
    }

    public JsonObject CustomerSnapshot(Customer customer) => InvoiceRenderer.CustomerSnapshot(customer);

    private sealed class ChangeWatch(Action emit) : IChangeWatch
    {
        public void EmitIfChanged() => emit();
    }

    /// <summary>The request's time (<see cref="RequestScope.Now"/>: one value, read on first use) as a clock.</summary>
    private sealed class RequestClock(RequestScope s) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeSeconds(s.Now);
    }
}

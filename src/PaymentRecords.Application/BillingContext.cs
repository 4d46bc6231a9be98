using PaymentRecords.Application.CreditNotes;

namespace PaymentRecords.Application;

/// <summary>
/// What a use case runs in: the account, the billing clock, the stores (implemented in Persistence) and the event
/// sink (implemented where objects are rendered). An HTTP request builds one per request; a job (a renewal, a test
/// clock advance) builds its own over the same stores.
/// </summary>
public sealed class BillingContext(string accountId, TimeProvider clock, IInvoiceStore invoices, ICreditNoteStore creditNotes, IBillingEvents events)
{
    private long? _now;

    public string AccountId { get; } = accountId;
    public IInvoiceStore Invoices { get; } = invoices;
    public ICreditNoteStore CreditNotes { get; } = creditNotes;
    public IBillingEvents Events { get; } = events;

    /// <summary>
    /// The billing time in Unix seconds: read once from the clock, on first use (use cases reach it after their row
    /// locks), so every object and event one transition writes carries the same value. Wall time today; a customer's
    /// test clock once test clocks exist (the clock is what the context is built with).
    /// </summary>
    public long Now => _now ??= clock.GetUtcNow().ToUnixTimeSeconds();
}

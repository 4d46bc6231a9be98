using PaymentRecords.Application.CreditNotes;
using PaymentRecords.Application.Customers;
using PaymentRecords.Application.PaymentRecords;
using PaymentRecords.Application.Subscriptions;

namespace PaymentRecords.Application;

/// <summary>The stores a use case reads and writes through, over one unit of work (Persistence implements them).</summary>
public sealed record BillingStores(IInvoiceStore Invoices, ICreditNoteStore CreditNotes, IPaymentRecordStore PaymentRecords, ISubscriptionStore Subscriptions,
    ICustomerStore Customers, Scheduling.IScheduleStore? Schedule = null, TestClocks.ITestClockStore? TestClocks = null,
    Meters.IMeterStore? Meters = null);

/// <summary>
/// What a use case runs in: the account, the billing clocks, the stores (implemented in Persistence) and the event
/// sink (implemented where objects are rendered). An HTTP request builds one per request; a job (a renewal, a test
/// clock advance) builds its own over the same stores.
/// </summary>
public sealed class BillingContext(string accountId, IBillingClocks clocks, BillingStores stores, IBillingEvents events)
{
    private long? _now;
    private string? _customerId;

    public string AccountId { get; } = accountId;
    public IInvoiceStore Invoices => stores.Invoices;
    public ICreditNoteStore CreditNotes => stores.CreditNotes;
    public IPaymentRecordStore PaymentRecords => stores.PaymentRecords;
    public ISubscriptionStore Subscriptions => stores.Subscriptions;
    public ICustomerStore Customers => stores.Customers;
    /// <summary>Due work and the reads the scheduled use cases make (docs/endpoints-test-clocks.md).</summary>
    public Scheduling.IScheduleStore Schedule => stores.Schedule ?? throw new InvalidOperationException("built without a schedule store");
    public TestClocks.ITestClockStore TestClocks => stores.TestClocks ?? throw new InvalidOperationException("built without a test clock store");
    /// <summary>Meters and meter events (docs/endpoints-billing-meters.md).</summary>
    public Meters.IMeterStore Meters => stores.Meters ?? throw new InvalidOperationException("built without a meter store");
    public IBillingEvents Events { get; } = events;

    /// <summary>
    /// Names the customer the transition bills (after its locks, before it reads <see cref="Now"/>): its clock gives
    /// the time. The first customer named wins; a transition touches one customer's objects (a payment record pays
    /// only its own customer's invoices, or has no customer), so later ones share its time.
    /// </summary>
    public void BillFor(string? customerId) => _customerId ??= customerId is { Length: > 0 } ? customerId : null;

    /// <summary>
    /// The billing time in Unix seconds: read once, on first use (use cases reach it after their row locks), from the
    /// clock of the customer named by <see cref="BillFor"/> (none named: the account's, <c>For(null)</c>), so every
    /// object and event one transition writes carries the same value.
    /// </summary>
    public long Now => _now ??= clocks.For(_customerId).GetUtcNow().ToUnixTimeSeconds();
}

using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.Scheduling;
using PaymentRecords.Domain.Subscriptions;

namespace PaymentRecords.Application.Scheduling;

/// <summary>
/// Due work (<see cref="DueWork"/>) and the untracked reads the scheduled use cases make before their locks
/// (Persistence implements it over the unit of work). A row added here commits with the change that made it due.
/// </summary>
public interface IScheduleStore
{
    /// <summary>Adds due work to the unit of work (unique per account, kind, object and time).</summary>
    void Add(DueWork work);

    /// <summary>Whether that work is already due (committed): a second row for it would break the unique key.</summary>
    Task<bool> IsDueAsync(string kind, string objectId, long dueAt);

    /// <summary>
    /// Deletes the object's due work of that kind not yet run (a moved trial's end, and what was due before it), in the
    /// change's transaction; a row the scheduler is running now is left to it (it must then find nothing to do).
    /// </summary>
    Task RemoveAsync(string kind, string objectId);

    /// <summary>The subscription, untracked; null if none.</summary>
    Task<Subscription?> FindSubscriptionAsync(string subscriptionId);

    /// <summary>The invoice, untracked; null if none.</summary>
    Task<Invoice?> FindInvoiceAsync(string invoiceId);

    /// <summary>Whether the subscription's default payment method exists and is a custom one (one read).</summary>
    Task<bool> SubscriptionDefaultIsCustomAsync(string subscriptionId);

    /// <summary>Whether the payment method exists and is a custom one.</summary>
    Task<bool> IsCustomPaymentMethodAsync(string? paymentMethodId);

    /// <summary>The test clock of the customer (null: wall time).</summary>
    Task<string?> TestClockOfCustomerAsync(string customerId);
}

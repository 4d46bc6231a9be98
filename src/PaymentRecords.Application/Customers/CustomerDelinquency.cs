using PaymentRecords.Domain.Customers;

namespace PaymentRecords.Application.Customers;

/// <summary>
/// Where <see cref="Customer.Delinquent"/> moves, as Stripe words it: "An automatic payment failure or passing the
/// invoice.due_date will set this field to true. Paying an invoice or marking it uncollectible via the API will set
/// this field to false." Here an automatic payment failure is any <c>invoice.payment_failed</c> (a renewal's attempt
/// that failed or went unpaid, a failed attempt reported on an attached payment record); paying an invoice is any
/// way it becomes paid except a credit note (out of band, by an attached payment); marking it uncollectible is the
/// request's, not the end of dunning's (which follows a failure that just made the customer delinquent).
/// </summary>
public static class CustomerDelinquency
{
    /// <summary>
    /// Sets it on the (locked) customer, with <c>customer.updated</c> when it changed. For callers that watch the customer
    /// already, <paramref name="watched"/> leaves the event to that watch.
    /// </summary>
    public static void Set(BillingContext billing, Customer customer, bool delinquent, bool watched = false)
    {
        if (customer.Deleted || customer.Delinquent == delinquent) return;
        var change = watched ? null : billing.Events.WatchCustomer(customer);
        customer.Delinquent = delinquent;
        change?.EmitIfChanged();
    }
}

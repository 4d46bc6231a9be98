using PaymentRecords.Domain.Customers;

namespace PaymentRecords.Application.Customers;

/// <param name="At">
/// When it is deleted, when not the billing time: a test clock's expiry runs in wall time and deletes the clock's
/// customers at the clock's own time.
/// </param>
public sealed record DeleteCustomerCommand(string CustomerId, long? At = null);

/// <summary>
/// DELETE /v1/customers/{id}. The customer (live) is locked and marked deleted (its invoices keep naming it; it
/// retrieves, and expands, as Stripe's deleted stub from then on; updates and deletes answer 404). "Also immediately cancels any active
/// subscriptions on the customer": each subscription that has not ended is locked (after the customer, as the lock
/// order says) and canceled now (<c>cancellation_details.reason=cancellation_requested</c>).
/// Events: <c>customer.subscription.deleted</c> for each, then <c>customer.deleted</c> (the customer as it was).
/// </summary>
public sealed class DeleteCustomer(BillingContext billing)
{
    public async Task<Customer> RunAsync(DeleteCustomerCommand command) =>
        await RunIfLiveAsync(command) ?? throw new NotFound("customer", command.CustomerId);

    /// <summary>As <see cref="RunAsync"/>, but a customer already deleted (or missing) is left alone: null.</summary>
    public async Task<Customer?> RunIfLiveAsync(DeleteCustomerCommand command)
    {
        if (await billing.Customers.LockLiveAsync(command.CustomerId) is not { } customer) return null;
        billing.BillFor(customer.Id);
        var at = command.At ?? billing.Now;
        var subscriptions = billing.Subscriptions;
        foreach (var id in await subscriptions.NotEndedOfCustomerAsync(customer.Id))
        {
            if (await subscriptions.LockAsync(id) is not { } subscription
                || !Domain.Subscriptions.SubscriptionStatusMachine.CanCancel(subscription.Status)) continue;
            subscription.Cancel(at, Domain.Subscriptions.Subscription.CancellationDetails(Domain.Subscriptions.Subscription.CancellationRequested));
            await billing.Events.SubscriptionAsync(BillingOutcome.SubscriptionCanceled, subscription);
        }
        await billing.Events.CustomerAsync(BillingOutcome.CustomerDeleted, customer);
        customer.Delete();
        return customer;
    }
}

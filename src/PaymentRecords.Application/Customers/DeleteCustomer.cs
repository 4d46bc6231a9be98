using PaymentRecords.Domain.Customers;

namespace PaymentRecords.Application.Customers;

public sealed record DeleteCustomerCommand(string CustomerId);

/// <summary>
/// DELETE /v1/customers/{id}. The customer (live) is locked and marked deleted (its invoices keep naming it; it
/// answers 404 from then on, and expands to Stripe's deleted stub). "Also immediately cancels any active
/// subscriptions on the customer": each subscription that has not ended is locked (after the customer, as the lock
/// order says) and canceled now (<c>cancellation_details.reason=cancellation_requested</c>).
/// Events: <c>customer.subscription.deleted</c> for each, then <c>customer.deleted</c> (the customer as it was).
/// </summary>
public sealed class DeleteCustomer(BillingContext billing)
{
    public async Task<Customer> RunAsync(DeleteCustomerCommand command)
    {
        var customer = await billing.Customers.LockLiveAsync(command.CustomerId) ?? throw new NotFound("customer", command.CustomerId);
        billing.BillFor(customer.Id);
        var subscriptions = billing.Subscriptions;
        foreach (var id in await subscriptions.NotEndedOfCustomerAsync(customer.Id))
        {
            if (await subscriptions.LockAsync(id) is not { } subscription
                || !Domain.Subscriptions.SubscriptionStatusMachine.CanCancel(subscription.Status)) continue;
            subscription.Cancel(billing.Now, Domain.Subscriptions.Subscription.CancellationDetails(Domain.Subscriptions.Subscription.CancellationRequested));
            await billing.Events.SubscriptionAsync(BillingOutcome.SubscriptionCanceled, subscription);
        }
        await billing.Events.CustomerAsync(BillingOutcome.CustomerDeleted, customer);
        customer.Delete();
        return customer;
    }
}

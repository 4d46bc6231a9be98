namespace PaymentRecords.Application.Subscriptions;

/// <summary>
/// POST /v1/invoices/create_preview with <c>subscription_details[items]</c> and no <c>subscription</c>: "the first
/// invoice" a subscription created with those details would make (Stripe's *Preview an invoice* guide). The create
/// runs for real (<see cref="CreateSubscription"/>, every rule and refusal of POST /v1/subscriptions), with
/// <c>payment_behavior=default_incomplete</c> (a preview charges nothing, so it needs no payment method) and its first
/// invoice left a draft with <c>billing_reason=upcoming</c>. The caller runs it in a transaction it rolls back: nothing
/// is stored or sent.
/// </summary>
public sealed class PreviewNewSubscription(BillingContext billing)
{
    /// <param name="anonymous">No customer was given: the create bills the one made for the preview alone
    /// (<see cref="Customers.PreviewCustomers"/>), and the preview names no customer.</param>
    public async Task<RenewalPreview> RunAsync(CreateSubscriptionCommand command, bool anonymous = false)
    {
        var customer = await billing.Invoices.LiveCustomerAsync(command.CustomerId) ?? throw new NotFound("customer", command.CustomerId, "customer");
        billing.BillFor(customer.Id);
        // A start in the future is a subscription schedule's phase, which is not built; one in the past is a backdate.
        if (command.Backdate is { At: var start } && start > billing.Now)
            throw new RenewalPreviewRefused("subscription_details[start_date]",
                "a start_date in the future previews a subscription schedule, which is not built: preview a start now or in the past.");
        var created = await new CreateSubscription(billing).RunAsync(command with { PaymentBehavior = PaymentBehaviors.DefaultIncomplete, Preview = true });
        return new RenewalPreview(created.Invoice!, created.Lines!, anonymous ? null : customer);
    }
}

namespace PaymentRecords.Application.Customers;

/// <summary>
/// The customer a create_preview that names none bills (Stripe's *Preview an invoice* guide: a visitor "considering a
/// purchase"): made with no details, on no test clock, and flushed so that the use cases that lock it find it. Only
/// ever made inside a transaction the preview rolls back.
/// </summary>
public static class PreviewCustomers
{
    public static async Task MakeAsync(BillingContext billing, string customerId)
    {
        await new CreateCustomer(billing).RunAsync(new CreateCustomerCommand(customerId, new CustomerFieldsChange()));
        await billing.Subscriptions.FlushAsync();
    }
}

using PaymentRecords.Domain.Customers;

namespace PaymentRecords.Application.Customers;

public sealed record UpdateCustomerCommand(string CustomerId, CustomerFieldsChange Fields);

/// <summary>
/// POST /v1/customers/{id}. The customer (live) is locked; an <c>invoice_settings[default_payment_method]</c> must be
/// attached to it.
/// Events: <c>customer.updated</c> when its rendering changed (a watch: the old values of the changed keys).
/// </summary>
public sealed class UpdateCustomer(BillingContext billing)
{
    public async Task<Customer> RunAsync(UpdateCustomerCommand command)
    {
        var customer = await billing.Customers.LockLiveAsync(command.CustomerId) ?? throw new NotFound("customer", command.CustomerId);
        billing.BillFor(customer.Id);
        await CustomerFields.RequireDefaultPaymentMethodAsync(billing, command.Fields, customer.Id);
        var change = billing.Events.WatchCustomer(customer);
        CustomerFields.Apply(customer, command.Fields with { Balance = null });
        // A balance set directly moves it through the ledger: an adjustment of the difference ("All Transactions created
        // with the API or in the Dashboard have a type value of adjustment").
        if (command.Fields.Balance is { } balance && balance != customer.Balance)
            billing.Invoices.Book(customer.Adjust(balance - customer.Balance, customer.Currency ?? Domain.Money.Currencies.AccountDefault, billing.Now));
        change.EmitIfChanged();
        return customer;
    }
}

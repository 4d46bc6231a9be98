using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.Money;

namespace PaymentRecords.Application.Customers;

/// <param name="Amount">Negative: a credit for the customer; positive: a debit.</param>
public sealed record CreateBalanceTransactionCommand(string CustomerId, long Amount, string Currency, string? Description, MetadataChange? Metadata);

/// <param name="Description">null: left as it is; <c>new(null)</c>: cleared.</param>
public sealed record UpdateBalanceTransactionCommand(string CustomerId, string TransactionId, FieldChange<string>? Description, MetadataChange? Metadata);

/// <summary>Why a balance adjustment was refused.</summary>
public enum BalanceAdjustmentRefusal
{
    /// <summary>The customer's balance is in another currency (one balance per customer here; <see cref="BalanceAdjustmentRefused.Currency"/>: the customer's).</summary>
    CurrencyMismatch,
    /// <summary>The balance would leave Stripe's amount range.</summary>
    BalanceOutOfRange,
}

public sealed class BalanceAdjustmentRefused(BalanceAdjustmentRefusal reason, string? currency = null) : Exception($"balance adjustment refused: {reason}")
{
    public BalanceAdjustmentRefusal Reason { get; } = reason;
    public string? Currency { get; } = currency;
}

/// <summary>
/// POST /v1/customers/{customer}/balance_transactions: "Creates an immutable transaction that updates the customer's
/// credit balance", of type <c>adjustment</c>. The (live) customer is locked; the amount moves its balance, in the
/// customer's currency (a customer without one takes the transaction's, as Stripe documents).
/// Events: <c>customer.updated</c> (its balance changed; Stripe has no event of its own for this transaction).
/// </summary>
public sealed class CreateBalanceTransaction(BillingContext billing)
{
    public async Task<CustomerBalanceTransaction> RunAsync(CreateBalanceTransactionCommand command)
    {
        var customer = await billing.Customers.LockLiveAsync(command.CustomerId) ?? throw new NotFound("customer", command.CustomerId, "customer");
        billing.BillFor(customer.Id);
        if (!customer.BalanceAppliesTo(command.Currency))
            throw new BalanceAdjustmentRefused(BalanceAdjustmentRefusal.CurrencyMismatch, customer.Currency);
        if (Math.Abs((decimal)customer.Balance + command.Amount) > Currencies.MaxAmount)
            throw new BalanceAdjustmentRefused(BalanceAdjustmentRefusal.BalanceOutOfRange);
        var change = billing.Events.WatchCustomer(customer);
        var transaction = customer.Adjust(command.Amount, command.Currency, billing.Now);
        transaction.Description = command.Description;
        transaction.Metadata = MetadataChange.New(command.Metadata);
        billing.Invoices.Book(transaction);
        change.EmitIfChanged();
        return transaction;
    }
}

/// <summary>
/// POST /v1/customers/{customer}/balance_transactions/{transaction}: "Most credit balance transaction fields are
/// immutable, but you may update its description and metadata", whatever its type. No event (none is Stripe's for it).
/// </summary>
public sealed class UpdateBalanceTransaction(BillingContext billing)
{
    public async Task<CustomerBalanceTransaction> RunAsync(UpdateBalanceTransactionCommand command)
    {
        // A deleted customer keeps its ledger readable (the list answers for it) and its entries' notes editable.
        var customer = await billing.Customers.LockAsync(command.CustomerId) ?? throw new NotFound("customer", command.CustomerId, "customer");
        var transaction = await billing.Customers.LockBalanceTransactionAsync(customer.Id, command.TransactionId)
            ?? throw new NotFound("customer balance transaction", command.TransactionId, "id");
        if (command.Description is { } description) transaction.Description = description.Value;
        if (command.Metadata is { } metadata) transaction.Metadata = metadata.ApplyTo(transaction.Metadata);
        return transaction;
    }
}

using PaymentRecords.Domain.Customers;

namespace PaymentRecords.Application.Customers;

/// <summary>Customer data access the customer use cases need (PaymentRecords.Persistence implements it).</summary>
public interface ICustomerStore
{
    /// <summary>
    /// SELECT … FOR UPDATE on the customer, tracked; null if none or deleted. The lock keeps a balance or sequence
    /// edit from racing a finalize (lock order: a customer before its invoices).
    /// </summary>
    Task<Customer?> LockLiveAsync(string customerId);

    /// <summary>SELECT … FOR UPDATE on the customer, tracked, deleted or not; null if none.</summary>
    Task<Customer?> LockAsync(string customerId);

    /// <summary>SELECT … FOR UPDATE on one entry of the (locked) customer's balance ledger, tracked; null if none.</summary>
    Task<CustomerBalanceTransaction?> LockBalanceTransactionAsync(string customerId, string transactionId);

    /// <summary>Adds a new customer to the unit of work (no round trip: a create stays one trip).</summary>
    void Add(Customer customer);
}

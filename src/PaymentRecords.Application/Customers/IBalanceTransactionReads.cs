using PaymentRecords.Application.Listing;
using PaymentRecords.Domain.Customers;

namespace PaymentRecords.Application.Customers;

/// <summary>What the customer balance transaction endpoints read (PaymentRecords.Persistence implements it): untracked, one account.</summary>
public interface IBalanceTransactionReads
{
    /// <summary>The transaction, of any customer of the account (an expansion), or null.</summary>
    Task<CustomerBalanceTransaction?> FindAsync(string transactionId);

    /// <summary>The customer's transaction, or null; <see cref="NotFound"/> on <c>customer</c> when the account holds no such customer.</summary>
    Task<CustomerBalanceTransaction?> FindOfCustomerAsync(string customerId, string transactionId);

    /// <summary>The customer's transactions by the filters; <see cref="NotFound"/> on <c>customer</c> when the account holds no such customer.</summary>
    Task<ListQuery<CustomerBalanceTransaction>> ListAsync(string customerId, RangeFilter? created, string? invoiceId);
}

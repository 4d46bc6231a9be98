using PaymentRecords.Application.Listing;
using PaymentRecords.Domain.Customers;

namespace PaymentRecords.Application.Customers;

/// <param name="TestClockId">Customers of this test clock only; none given: customers on no test clock (as Stripe lists them).</param>
public sealed record CustomerListFilter(RangeFilter? Created, string? Email, string? TestClockId);

/// <summary>What the customer endpoints read (PaymentRecords.Persistence implements it): one account, no locks.</summary>
public interface ICustomerReads
{
    /// <summary>The customer, deleted or not (an expansion shows Stripe's deleted stub), or null.</summary>
    Task<Customer?> FindAsync(string customerId);

    /// <summary>The customer as this unit of work sees it: one it created or changed and has not saved yet, else as stored; null if none.</summary>
    Task<Customer?> FindCurrentAsync(string customerId);

    /// <summary>Live customers by the filters.</summary>
    ListQuery<Customer> List(CustomerListFilter filter);
}

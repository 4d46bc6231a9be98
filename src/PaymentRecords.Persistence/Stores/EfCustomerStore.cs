using PaymentRecords.Application.Customers;
using PaymentRecords.Domain.Customers;

namespace PaymentRecords.Persistence.Stores;

/// <summary><see cref="ICustomerStore"/> over one unit of work, for one account.</summary>
public sealed class EfCustomerStore(PaymentRecordsDbContext db, string accountId) : ICustomerStore
{
    public async Task<Customer?> LockLiveAsync(string customerId) =>
        await db.LockOneAsync<Customer>(accountId, customerId) is { Deleted: false } customer ? customer : null;

    public Task<Customer?> LockAsync(string customerId) => db.LockOneAsync<Customer>(accountId, customerId);

    public void Add(Customer customer)
    {
        db.Customers.Add(customer);
        // Its clock is known now, so its first billing needs no read (EfCustomerClocks).
        EfCustomerClocks.Remember(accountId, customer.Id, customer.TestClockId);
    }
}

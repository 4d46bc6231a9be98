using Microsoft.EntityFrameworkCore;
using PaymentRecords.Application.Customers;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Persistence.SingleTrip;

namespace PaymentRecords.Persistence.Stores;

/// <summary><see cref="ICustomerStore"/> over one unit of work, for one account.</summary>
public sealed class EfCustomerStore(PaymentRecordsDbContext db, string accountId) : ICustomerStore
{
    public async Task<Customer?> LockLiveAsync(string customerId) =>
        await LockAsync(customerId) is { Deleted: false } customer ? customer : null;

    /// <summary>
    /// In a transaction, SELECT … FOR UPDATE. Outside one (a single-trip attempt, docs/architecture.md), the customer is
    /// not locked: it is the row <see cref="RememberedRows"/> keeps, or else read on its own, attached at its version
    /// (<see cref="SingleTripSave.AttachAt"/>), so the write command changes or checks it only where no other writer
    /// has changed it since; when one has, the request runs again in a transaction, which locks it here.
    /// </summary>
    public async Task<Customer?> LockAsync(string customerId)
    {
        if (db.Database.CurrentTransaction is not null) return await db.LockOneAsync<Customer>(accountId, customerId);
        if (!RememberedRows.TryRecall(db, accountId, customerId, out var customer, out var version))
        {
            var batch = new ReadBatch(db);
            var read = batch.Entities<Customer>($"SELECT *, xmin::text AS {ReadBatch.VersionColumn} FROM customers WHERE account_id = $1 AND id = $2",
                ReadBatch.Tracking.None, accountId, customerId);
            await batch.SendAsync();
            if (read.Single is not { } found) return null;
            (customer, version) = (found, read.Versions[0]);
        }
        SingleTripSave.AttachAt(db, customer, version);
        return customer;
    }

    public async Task<CustomerBalanceTransaction?> LockBalanceTransactionAsync(string customerId, string transactionId) =>
        await db.CustomerBalanceTransactions.FromSql($"""
            SELECT * FROM customer_balance_transactions
            WHERE account_id = {accountId} AND id = {transactionId} AND customer_id = {customerId} FOR UPDATE
            """).SingleOrDefaultAsync();

    public void Add(Customer customer)
    {
        db.Customers.Add(customer);
        // Its clock is known now, so its first billing needs no read (EfCustomerClocks).
        EfCustomerClocks.Remember(accountId, customer.Id, customer.TestClockId);
    }
}

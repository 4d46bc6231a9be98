using Microsoft.EntityFrameworkCore;
using PaymentRecords.Application;
using PaymentRecords.Application.Customers;
using PaymentRecords.Application.Listing;
using PaymentRecords.Domain.Customers;

namespace PaymentRecords.Persistence.Stores;

/// <summary><see cref="IBalanceTransactionReads"/> over one DbContext, for one account.</summary>
public sealed class EfBalanceTransactionReads(PaymentRecordsDbContext db, string accountId) : IBalanceTransactionReads
{
    private IQueryable<CustomerBalanceTransaction> Transactions() =>
        db.CustomerBalanceTransactions.AsNoTracking().Where(t => t.AccountId == accountId);

    public Task<CustomerBalanceTransaction?> FindAsync(string transactionId) => Transactions().FirstOrDefaultAsync(t => t.Id == transactionId);

    public async Task<CustomerBalanceTransaction?> FindOfCustomerAsync(string customerId, string transactionId)
    {
        await CustomerMustExistAsync(customerId);
        return await Transactions().FirstOrDefaultAsync(t => t.CustomerId == customerId && t.Id == transactionId);
    }

    public async Task<ListQuery<CustomerBalanceTransaction>> ListAsync(string customerId, RangeFilter? created, string? invoiceId)
    {
        await CustomerMustExistAsync(customerId);
        var all = Transactions().Where(t => t.CustomerId == customerId);
        var query = all.WhereRange(created, t => t.Created);
        if (invoiceId is not null) query = query.Where(t => t.InvoiceId == invoiceId);
        return new ListQuery<CustomerBalanceTransaction>(all, query);
    }

    private async Task CustomerMustExistAsync(string customerId)
    {
        if (!await db.ExistsAsync<Customer>(accountId, customerId)) throw new NotFound("customer", customerId, "customer");
    }
}

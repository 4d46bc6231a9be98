using Microsoft.EntityFrameworkCore;
using PaymentRecords.Application;
using PaymentRecords.Application.Listing;
using PaymentRecords.Application.PaymentMethods;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.PaymentMethods;

namespace PaymentRecords.Persistence.Stores;

/// <summary><see cref="IPaymentMethodStore"/> and <see cref="IPaymentMethodReads"/> over one DbContext, for one account.</summary>
public sealed class EfPaymentMethodStore(PaymentRecordsDbContext db, string accountId) : IPaymentMethodStore, IPaymentMethodReads
{
    private IQueryable<PaymentMethod> PaymentMethods() => db.PaymentMethods.AsNoTracking().Where(p => p.AccountId == accountId);

    public Task<PaymentMethod?> LockAsync(string paymentMethodId) => db.LockOneAsync<PaymentMethod>(accountId, paymentMethodId);

    public void Add(PaymentMethod paymentMethod) => db.PaymentMethods.Add(paymentMethod);

    public Task<PaymentMethod?> FindAsync(string paymentMethodId) => PaymentMethods().FirstOrDefaultAsync(p => p.Id == paymentMethodId);

    public async Task<PaymentMethod?> FindOfCustomerAsync(string customerId, string paymentMethodId)
    {
        await LiveCustomerMustExistAsync(customerId, "customer", asInvalidParameter: false);
        return await PaymentMethods().FirstOrDefaultAsync(p => p.Id == paymentMethodId && p.CustomerId == customerId);
    }

    public async Task<ListQuery<PaymentMethod>> ListAsync(PaymentMethodListFilter filter)
    {
        var all = PaymentMethods();
        var query = all;
        if (filter.CustomerId is { Length: > 0 } customerId)
        {
            // The customer in the path (GET /v1/customers/{id}/payment_methods) answers Stripe's 404 on "id"; the
            // customer filter of GET /v1/payment_methods, its 400 (both recorded against Stripe).
            if (filter.CustomerFromPath) await LiveCustomerMustExistAsync(customerId, "id", asInvalidParameter: false);
            else await LiveCustomerMustExistAsync(customerId, "customer", asInvalidParameter: true);
            query = query.Where(p => p.CustomerId == customerId);
        }
        if (filter.AllowRedisplay is { } redisplay)
        {
            // allow_redisplay lives in the attributes; "unspecified" is the default when never set.
            var ids = (await query.ToListAsync())
                .Where(p => (p.Attributes["allow_redisplay"]?.GetValue<string>() ?? "unspecified") == redisplay).Select(p => p.Id).ToList();
            query = query.Where(p => ids.Contains(p.Id));
        }
        if (filter.Type is { } type) query = query.Where(p => p.Type == type);
        else if (filter.ExceptCustom) query = query.Where(p => p.Type != PaymentMethod.Custom);
        return new ListQuery<PaymentMethod>(all, query);
    }

    private async Task LiveCustomerMustExistAsync(string customerId, string param, bool asInvalidParameter)
    {
        if (!await db.Customers.AnyAsync(c => c.AccountId == accountId && c.Id == customerId && !c.Deleted)) throw new NotFound("customer", customerId, param, asInvalidParameter);
    }
}

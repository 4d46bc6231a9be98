using PaymentRecords.Application.Listing;
using PaymentRecords.Domain.PaymentMethods;

namespace PaymentRecords.Application.PaymentMethods;

/// <param name="CustomerId">A live customer of the account (<see cref="NotFound"/> on <c>customer</c> otherwise).</param>
/// <param name="AllowRedisplay">Stripe's <c>allow_redisplay</c> filter of a customer's list (<c>unspecified</c> when never set).</param>
/// <param name="CustomerFromPath">The customer is the path's (GET /v1/customers/{customer}/payment_methods): a missing one is a 404 on <c>id</c>, not the filter's 400.</param>
/// <param name="ExceptCustom">No <c>type</c> on GET /v1/payment_methods: "Unfiltered, the list returns all payment method types except <c>custom</c>."</param>
public sealed record PaymentMethodListFilter(string? CustomerId, string? Type, string? AllowRedisplay = null, bool ExceptCustom = false, bool CustomerFromPath = false);

/// <summary>What the payment method endpoints read (PaymentRecords.Persistence implements it): untracked, one account.</summary>
public interface IPaymentMethodReads
{
    /// <summary>The payment method, or null.</summary>
    Task<PaymentMethod?> FindAsync(string paymentMethodId);

    /// <summary>The payment method if attached to the customer, or null; <see cref="NotFound"/> on <c>customer</c> when no such live customer.</summary>
    Task<PaymentMethod?> FindOfCustomerAsync(string customerId, string paymentMethodId);

    /// <summary>Payment methods by the filters.</summary>
    Task<ListQuery<PaymentMethod>> ListAsync(PaymentMethodListFilter filter);
}

using PaymentRecords.Domain.PaymentMethods;

namespace PaymentRecords.Application.PaymentMethods;

/// <summary>Payment method data access the payment method use cases need (PaymentRecords.Persistence implements it).</summary>
public interface IPaymentMethodStore
{
    /// <summary>SELECT … FOR UPDATE on the payment method, tracked; null if none. Lock order: a payment method before its customer.</summary>
    Task<PaymentMethod?> LockAsync(string paymentMethodId);

    /// <summary>Adds a new payment method to the unit of work.</summary>
    void Add(PaymentMethod paymentMethod);
}

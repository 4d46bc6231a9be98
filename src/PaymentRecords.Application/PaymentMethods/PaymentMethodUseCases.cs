using System.Text.Json.Nodes;
using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.PaymentMethods;

namespace PaymentRecords.Application.PaymentMethods;

/// <summary>The fields create and update set: <paramref name="BillingDetails"/> merges (<see cref="PaymentMethod.MergeBillingDetails"/>).</summary>
public sealed record PaymentMethodFields(JsonObject? BillingDetails, string? AllowRedisplay, MetadataChange? Metadata)
{
    public void ApplyTo(PaymentMethod pm)
    {
        if (BillingDetails is { } details) pm.MergeBillingDetails(details);
        if (AllowRedisplay is { } redisplay) pm.Attributes["allow_redisplay"] = redisplay;
        if (Metadata is { } metadata) pm.Metadata = metadata.ApplyTo(pm.Metadata);
    }
}

/// <summary>POST /v1/payment_methods (type=custom; the endpoint checks the type). No event: Stripe sends no payment_method.created.</summary>
public sealed class CreatePaymentMethod(BillingContext billing)
{
    public PaymentMethod Run(string type, string customType, PaymentMethodFields fields)
    {
        var pm = new PaymentMethod
        {
            AccountId = billing.AccountId,
            Id = Ids.New(Ids.PaymentMethod),
            Created = billing.Now,
            Type = type,
            CustomType = customType,
        };
        fields.ApplyTo(pm);
        billing.PaymentMethods.Add(pm);
        return pm;
    }
}

/// <summary>
/// POST /v1/payment_methods/{id}: the payment method locked; refused unless it is attached to a customer.
/// Event: <c>payment_method.updated</c> when its rendering changed.
/// </summary>
public sealed class UpdatePaymentMethod(BillingContext billing)
{
    public async Task<PaymentMethod> RunAsync(string paymentMethodId, PaymentMethodFields fields)
    {
        var pm = await billing.PaymentMethods.LockAsync(paymentMethodId) ?? throw new NotHeld("payment_method", paymentMethodId, "payment_method");
        PaymentMethodRefused.ThrowIf(pm.CheckUpdatable());
        var change = billing.Events.WatchPaymentMethod(pm);
        fields.ApplyTo(pm);
        change.EmitIfChanged();
        return pm;
    }
}

/// <summary>
/// POST /v1/payment_methods/{id}/attach, and customer create's <c>payment_method</c>: the payment method, then the
/// customer, locked (<paramref name="customerParam"/> names the customer on a 404; null: a customer being created).
/// Event: <c>payment_method.attached</c> when it was not attached to that customer yet.
/// </summary>
public sealed class AttachPaymentMethod(BillingContext billing)
{
    public async Task<PaymentMethod> RunAsync(string paymentMethodId, string customerId, string? customerParam, string? consumedParam = null)
    {
        var pm = await billing.PaymentMethods.LockAsync(paymentMethodId) ?? throw new NotHeld("payment_method", paymentMethodId, "payment_method");
        if (customerParam is not null) _ = await billing.Customers.LockLiveAsync(customerId) ?? throw new NotFound("customer", customerId, customerParam, asInvalidParameter: true);
        var attachedAlready = pm.CustomerId == customerId;
        PaymentMethodRefused.ThrowIf(pm.AttachTo(customerId), consumedParam);
        if (!attachedAlready) await billing.Events.PaymentMethodAsync(BillingOutcome.PaymentMethodAttached, pm);
        return pm;
    }
}

/// <summary>
/// POST /v1/payment_methods/{id}/detach: the payment method, then its customer, locked. The customer's
/// <c>invoice_settings.default_payment_method</c> stops naming it, as on Stripe (with <c>customer.updated</c>, unless
/// the customer was deleted). Event: <c>payment_method.detached</c>.
/// </summary>
public sealed class DetachPaymentMethod(BillingContext billing)
{
    public async Task<PaymentMethod> RunAsync(string paymentMethodId)
    {
        var pm = await billing.PaymentMethods.LockAsync(paymentMethodId) ?? throw new NotHeld("payment_method", paymentMethodId, "payment_method");
        var customerId = pm.CustomerId;
        PaymentMethodRefused.ThrowIf(pm.Detach());
        if (await billing.Customers.LockAsync(customerId!) is { } customer && customer.DefaultPaymentMethodId == pm.Id)
        {
            var change = billing.Events.WatchCustomer(customer);
            customer.ClearDefaultPaymentMethod();
            change.EmitIfChanged();
        }
        await billing.Events.PaymentMethodAsync(BillingOutcome.PaymentMethodDetached, pm, detachedFrom: customerId);
        return pm;
    }
}

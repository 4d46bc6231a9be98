using PaymentRecords.Api.Wire;

namespace PaymentRecords.Api.PaymentMethods;

/// <summary>The payment method errors (create, attach, detach, a customer's default), each a row with its factory; registered in <c>Hosting/PaymentRecordsApp.cs</c>.</summary>
public static class PaymentMethodErrors
{
    /// <summary>Registered in <c>Hosting/PaymentRecordsApp.cs</c> (<c>ErrorRows</c>).</summary>
    public static readonly ErrorRowSet Rows = new();

    private static readonly ErrorRow PaymentMethodTypeUnsupportedRow = Rows.Add(new("payment_method_type_unsupported", 400, ErrorCatalog.InvalidRequest, null,
        "Invalid type: this server only creates PaymentMethods of type custom (custom[type]=cpmt_...), for payments processed outside Stripe. '{0}' PaymentMethods are created and processed by Stripe itself.", Wording.Inferred, IsParameterError: true));
    public static StripeError PaymentMethodTypeUnsupported(string type) => PaymentMethodTypeUnsupportedRow.Make("type", type);

    private static readonly ErrorRow InvalidCustomPaymentMethodTypeRow = Rows.Add(new("invalid_custom_payment_method_type", 400, ErrorCatalog.InvalidRequest, null,
        "Invalid custom[type]: '{0}' is not a custom payment method type ID. Custom payment method types are created in the Dashboard and have IDs starting with cpmt_.", Wording.Inferred, IsParameterError: true));
    public static StripeError InvalidCustomPaymentMethodType(string id) => InvalidCustomPaymentMethodTypeRow.Make("custom[type]", id);

    private static readonly ErrorRow CustomerAtCreationRow = Rows.Add(new("payment_method_customer_at_creation", 400, ErrorCatalog.InvalidRequest, null,
        "You cannot attach a PaymentMethod to a Customer during PaymentMethod creation. Please instead create the PaymentMethod and then attach it using the attachment method of the PaymentMethods API.", Wording.Stripe, IsParameterError: true));
    public static StripeError CustomerAtCreation() => CustomerAtCreationRow.Make(null);

    private static readonly ErrorRow PaymentMethodConsumedRow = Rows.Add(new("payment_method_consumed", 400, ErrorCatalog.InvalidRequest, null,
        "This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.", Wording.Stripe));
    public static StripeError PaymentMethodConsumed(string? param) => PaymentMethodConsumedRow.Make(param);

    private static readonly ErrorRow PaymentMethodAlreadyAttachedRow = Rows.Add(new("payment_method_already_attached", 400, ErrorCatalog.InvalidRequest, null,
        "The payment method you provided has already been attached to a customer.", Wording.Inferred));
    public static StripeError PaymentMethodAlreadyAttached() => PaymentMethodAlreadyAttachedRow.Make(null);

    private static readonly ErrorRow PaymentMethodNotAttachedRow = Rows.Add(new("payment_method_not_attached", 400, ErrorCatalog.InvalidRequest, null,
        "The payment method you provided is not attached to a customer so detachment is impossible.", Wording.Stripe));
    public static StripeError PaymentMethodNotAttached() => PaymentMethodNotAttachedRow.Make(null);

    private static readonly ErrorRow PaymentMethodNotSavedRow = Rows.Add(new("payment_method_not_saved", 400, ErrorCatalog.InvalidRequest, null,
        "You must save this PaymentMethod to a customer before you can update it.", Wording.Stripe));
    public static StripeError PaymentMethodNotSaved() => PaymentMethodNotSavedRow.Make(null);

    private static readonly ErrorRow CustomerPaymentMethodNotAttachedRow = Rows.Add(new("customer_payment_method_not_attached", 400, ErrorCatalog.InvalidRequest, null,
        "The customer does not have a payment method with the ID {0}. The payment method must be attached to the customer.", Wording.Stripe));
    public static StripeError CustomerPaymentMethodNotAttached(string id, string param) => CustomerPaymentMethodNotAttachedRow.Make(param, id);
}

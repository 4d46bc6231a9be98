using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.PaymentMethods;

namespace PaymentRecords.Api.PaymentMethods;

/// <summary>Where another resource names a held PaymentMethod (report_payment's payment_method_details[payment_method]).</summary>
public static class PaymentMethodReferences
{
    /// <summary>
    /// payment_method_details with its <c>payment_method</c> resolved: unknown → 404 on
    /// <c>payment_method_details[payment_method]</c>, detached → Stripe's "may not be used again". The details then
    /// take what the caller left out from the PaymentMethod: <c>type=custom</c>, <c>custom[type]</c> (its cpmt_) and
    /// <c>billing_details</c>. Without a payment_method the details are returned as given.
    /// </summary>
    public static async Task<JsonObject> ResolveDetailsAsync(RequestScope s, JsonObject details)
    {
        const string param = "payment_method_details[payment_method]";
        if (details["payment_method"] is not JsonValue v || !v.TryGetValue<string>(out var id) || id.Length == 0) return details;
        var pm = await PaymentMethodsApi.FindAsync(s, id, param);
        if (pm.Consumed) throw new StripeException(PaymentMethodErrors.PaymentMethodConsumed(param));
        var resolved = details.DeepClone().AsObject();
        resolved["type"] ??= pm.Type;
        if (pm.Type == PaymentMethod.Custom)
        {
            var custom = resolved["custom"] as JsonObject ?? new JsonObject();
            custom["type"] ??= pm.CustomType;
            resolved["custom"] = custom;
        }
        if (resolved["billing_details"] is null && pm.Attributes["billing_details"] is JsonObject billing) resolved["billing_details"] = billing.DeepClone();
        return resolved;
    }
}

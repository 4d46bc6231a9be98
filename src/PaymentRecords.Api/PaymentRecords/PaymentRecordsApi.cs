using System.Text.Json.Nodes;
using PaymentRecords.Persistence.Stores;
using PaymentRecords.Api.Billing;
using PaymentRecords.Api.PaymentMethods;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Application;
using PaymentRecords.Application.PaymentRecords;
using PaymentRecords.Domain.Money;
using PaymentRecords.Domain.PaymentRecords;

namespace PaymentRecords.Api.PaymentRecords;

/// <summary>
/// Payment records: payments taken by the merchant's own processor and reported here, with their attempts
/// (payment attempt records) and refunds. There is no payment_record.* event type in this API version, so none
/// is emitted. The reports decode their parameters into commands run by the use cases in
/// PaymentRecords.Application/PaymentRecords (which lock the record, check and write); this renders the result.
/// </summary>
public static class PaymentRecordsApi
{
    /// <summary>The spec's x-expandablePaths; every target is an object this server does not hold.</summary>
    public static readonly IReadOnlyDictionary<string, string?> NotHeldPaymentMethodPaths = new Dictionary<string, string?>
    {
        ["payment_method_details.bancontact.generated_sepa_debit"] = null,
        ["payment_method_details.bancontact.generated_sepa_debit_mandate"] = null,
        ["payment_method_details.ideal.generated_sepa_debit"] = null,
        ["payment_method_details.ideal.generated_sepa_debit_mandate"] = null,
        ["payment_method_details.sofort.generated_sepa_debit"] = null,
        ["payment_method_details.sofort.generated_sepa_debit_mandate"] = null,
        ["payment_method_details.us_bank_account.mandate"] = null,
    };

    public static readonly ObjectExpansions Expansions = new("payment_record", NotHeldPaymentMethodPaths);

    private const string Tag = "Payment Records";

    public static IEndpointRouteBuilder MapPaymentRecords(this IEndpointRouteBuilder app)
    {
        app.MapStripe("POST", "/v1/payment_records/report_payment", StripeOperations.PostPaymentRecordsReportPayment,
            "payment_record", ReportPayment, singleTrip: true).WithTags(Tag);
        app.MapStripe("GET", "/v1/payment_records/{id}", StripeOperations.GetPaymentRecordsId, "payment_record", Retrieve).WithTags(Tag);
        app.MapStripe("POST", "/v1/payment_records/{id}/report_payment_attempt", StripeOperations.PostPaymentRecordsIdReportPaymentAttempt,
            "payment_record", ReportPaymentAttempt).WithTags(Tag);
        app.MapStripe("POST", "/v1/payment_records/{id}/report_payment_attempt_guaranteed",
            StripeOperations.PostPaymentRecordsIdReportPaymentAttemptGuaranteed, "payment_record",
            s => ResolveLatestAsync(s, AttemptStatus.Guaranteed, "guaranteed_at")).WithTags(Tag);
        app.MapStripe("POST", "/v1/payment_records/{id}/report_payment_attempt_failed",
            StripeOperations.PostPaymentRecordsIdReportPaymentAttemptFailed, "payment_record",
            s => ResolveLatestAsync(s, AttemptStatus.Failed, "failed_at")).WithTags(Tag);
        app.MapStripe("POST", "/v1/payment_records/{id}/report_payment_attempt_canceled",
            StripeOperations.PostPaymentRecordsIdReportPaymentAttemptCanceled, "payment_record",
            s => ResolveLatestAsync(s, AttemptStatus.Canceled, "canceled_at")).WithTags(Tag);
        app.MapStripe("POST", "/v1/payment_records/{id}/report_payment_attempt_informational",
            StripeOperations.PostPaymentRecordsIdReportPaymentAttemptInformational, "payment_record", ReportInformational).WithTags(Tag);
        app.MapStripe("POST", "/v1/payment_records/{id}/report_refund", StripeOperations.PostPaymentRecordsIdReportRefund,
            "payment_record", ReportRefund).WithTags(Tag);
        return app;
    }

    /// <summary>Expansion loader (issue 5 expands <c>payment.payment_record</c> on invoice payments with it).</summary>
    public static async Task<JsonObject?> LoadAsync(RequestScope s, string id)
    {
        var record = await new EfPaymentRecordReads(s.Db, s.AccountId).FindAsync(id);
        return record is null ? null : PaymentRecordRenderer.Render(record);
    }

    private static async Task<JsonObject> ReportPayment(RequestScope s)
    {
        var p = s.Params;
        var (currency, requested) = Amount(p.Object("amount_requested")!, "amount_requested");
        var outcome = Outcome(p);
        var paymentMethodDetails = PaymentMethodDetails(await PaymentMethodReferences.ResolveDetailsAsync(s, p.Object("payment_method_details")!));
        var shippingDetails = p.Object("shipping_details") is { } shipping ? PaymentRecordShapes.ShippingDetails(shipping) : null;
        var command = new ReportPaymentCommand(currency, requested, p.Long("initiated_at")!.Value, outcome, paymentMethodDetails,
            p.Object("customer_details"), PaymentRecordShapes.ProcessorDetails(p.Object("processor_details")), shippingDetails,
            p.String("description"), p.String("customer_presence"), Metadata(p));
        return await RunAsync(s, b => new ReportPayment(b).RunAsync(command));
    }

    private static async Task<JsonObject> Retrieve(RequestScope s)
    {
        var id = s.Route("id");
        var record = await LoadAsync(s, id) ?? throw new StripeException(ErrorCatalog.NoSuch("payment_record", id, "id"));
        return await s.ExpandAsync(record, "payment_record");
    }

    private static async Task<JsonObject> ReportPaymentAttempt(RequestScope s)
    {
        var p = s.Params;
        var outcome = Outcome(p);
        var given = p.Object("payment_method_details") is { } pmd ? PaymentMethodDetails(await PaymentMethodReferences.ResolveDetailsAsync(s, pmd)) : null;
        var command = new ReportPaymentAttemptCommand(s.Route("id"), p.Long("initiated_at")!.Value, outcome, given,
            p.Object("shipping_details") is { } sd ? PaymentRecordShapes.ShippingDetails(sd) : null,
            p.Has("description") ? new FieldChange<string>(p.String("description")) : null, Metadata(p));
        return await RunAsync(s, b => new ReportPaymentAttempt(b).RunAsync(command));
    }

    /// <summary>report_payment_attempt_{guaranteed,failed,canceled}: the latest attempt leaves initiated.</summary>
    private static Task<JsonObject> ResolveLatestAsync(RequestScope s, AttemptStatus outcome, string atParam)
    {
        var command = new ResolvePaymentAttemptCommand(s.Route("id"), new AttemptOutcome(outcome, s.Params.Long(atParam)!.Value), Metadata(s.Params));
        return RunAsync(s, b => new ResolvePaymentAttempt(b).RunAsync(command), atParam);
    }

    /// <summary>Descriptive fields only (customer_details, description, metadata, shipping_details), on the record and its latest attempt.</summary>
    private static Task<JsonObject> ReportInformational(RequestScope s)
    {
        var p = s.Params;
        FieldChange<JsonObject>? shipping = p.IsUnset("shipping_details") ? new(null)
            : p.Object("shipping_details") is { } given ? new(PaymentRecordShapes.ShippingDetails(given)) : null;
        var command = new ReportInformationalCommand(s.Route("id"), p.Object("customer_details"), shipping,
            p.Has("description") ? new FieldChange<string>(p.IsUnset("description") ? null : p.String("description")) : null, Metadata(p));
        return RunAsync(s, b => new ReportInformational(b).RunAsync(command));
    }

    private static Task<JsonObject> ReportRefund(RequestScope s)
    {
        var p = s.Params;
        var reference = p.Object("processor_details")!["custom"]?["refund_reference"]?.GetValue<string>()
            ?? throw new StripeException(ErrorCatalog.MissingParameter("processor_details[custom][refund_reference]"));
        StripeValidation.RequireMaxLength(reference, "processor_details[custom][refund_reference]", 5000);
        var refundedAt = p.Object("refunded")!["refunded_at"]!.GetValue<long>();
        (string Currency, long Value)? given = p.Object("amount") is { } amount ? Amount(amount, "amount") : null;
        var command = new ReportRefundCommand(s.Route("id"), reference, refundedAt, p.Long("initiated_at"), given, Metadata(p));
        return RunAsync(s, b => new ReportRefund(b).RunAsync(command));
    }

    /// <summary>Runs a report and renders the record; its refusals become Stripe's errors (<paramref name="atParam"/>: a resolve's time parameter).</summary>
    private static async Task<JsonObject> RunAsync(RequestScope s, Func<BillingContext, Task<PaymentRecord>> report, string? atParam = null)
    {
        var record = await new RequestBilling(s).RunAsync(report, e => e is PaymentReportRefused r ? Error(r, atParam) : null);
        return await s.ExpandAsync(PaymentRecordRenderer.Render(record), "payment_record");
    }

    private static StripeError Error(PaymentReportRefused r, string? atParam) => r.Reason switch
    {
        PaymentReportRefusal.AttemptNotAllowed => PaymentRecordErrors.PaymentAttemptNotAllowed(r.Latest!.Id, r.RecordId!, r.Latest.Status.Wire()),
        PaymentReportRefusal.AttemptNotInitiated =>
            PaymentRecordErrors.PaymentAttemptNotInitiated(r.Latest!.Id, r.RecordId!, r.Latest.Status.Wire(), r.Outcome.Wire(), atParam!),
        PaymentReportRefusal.NotRefundable => PaymentRecordErrors.PaymentRecordNotRefundable(r.RecordId!, r.Latest!.Id, r.Latest.Status.Wire()),
        PaymentReportRefusal.RefundCurrencyMismatch => PaymentRecordErrors.RefundCurrencyMismatch(r.Currency!, r.RecordId!, r.Latest!.Currency),
        PaymentReportRefusal.FullyRefunded => PaymentRecordErrors.PaymentRecordFullyRefunded(r.RecordId!),
        PaymentReportRefusal.RefundExceedsRefundable => PaymentRecordErrors.RefundExceedsRefundable(r.Amount, r.RecordId!, r.Refundable),
        PaymentReportRefusal.RefundReferenceInUse => PaymentRecordErrors.RefundReferenceInUse(),
        // Stripe's answer when a payment method is used with a customer it is not attached to (docs/endpoints-payment-records.md).
        PaymentReportRefusal.PaymentMethodOfAnotherCustomer =>
            PaymentMethodErrors.CustomerPaymentMethodNotAttached(r.PaymentMethodId!, "payment_method_details[payment_method]"),
        _ => throw new InvalidOperationException(r.Reason.ToString()),
    };

    /// <summary>The <c>metadata</c> parameter as a change: cleared by <c>metadata=""</c>, or keys to set.</summary>
    private static MetadataChange? Metadata(StripeParams p) => BillingParams.Metadata(p);

    /// <summary>
    /// <c>outcome</c> with its matching details: guaranteed needs guaranteed[guaranteed_at], failed needs
    /// failed[failed_at], and neither detail may come with another outcome. No outcome: the attempt stays initiated.
    /// </summary>
    private static AttemptOutcome? Outcome(StripeParams p)
    {
        var outcome = p.String("outcome");
        var guaranteed = p.Object("guaranteed");
        var failed = p.Object("failed");
        if (guaranteed is not null && outcome != "guaranteed")
            throw new StripeException(PaymentRecordErrors.OutcomeDetailsUnexpected("guaranteed", outcome, "guaranteed"));
        if (failed is not null && outcome != "failed")
            throw new StripeException(PaymentRecordErrors.OutcomeDetailsUnexpected("failed", outcome, "failed"));
        return outcome switch
        {
            "guaranteed" => new AttemptOutcome(AttemptStatus.Guaranteed,
                (guaranteed ?? throw new StripeException(ErrorCatalog.MissingParameter("guaranteed[guaranteed_at]")))["guaranteed_at"]!.GetValue<long>()),
            "failed" => new AttemptOutcome(AttemptStatus.Failed,
                (failed ?? throw new StripeException(ErrorCatalog.MissingParameter("failed[failed_at]")))["failed_at"]!.GetValue<long>()),
            _ => null,
        };
    }

    /// <summary>A {currency, value} parameter: a supported currency and 1 ≤ value ≤ <see cref="Currencies.MaxAmount"/>.</summary>
    private static (string Currency, long Value) Amount(JsonObject given, string param)
    {
        var raw = given["currency"]!.GetValue<string>();
        var currency = BillingParams.SupportedCurrency(raw, $"{param}[currency]");
        var value = given["value"]!.GetValue<long>();
        if (value < 1) throw new StripeException(ErrorCatalog.AmountTooSmall($"{param}[value]"));
        if (value > Currencies.MaxAmount) throw new StripeException(ErrorCatalog.AmountTooLarge($"{param}[value]", Currencies.MaxAmount));
        return (currency, value);
    }

    /// <summary>Only custom payment methods can be reported here (a payment_method id was resolved already).</summary>
    private static JsonObject PaymentMethodDetails(JsonObject given)
    {
        if (given["type"] is null && given["custom"] is null)
            throw new StripeException(ErrorCatalog.MissingParameter("payment_method_details[type]"));
        return PaymentRecordShapes.PaymentMethodDetails(given);
    }
}

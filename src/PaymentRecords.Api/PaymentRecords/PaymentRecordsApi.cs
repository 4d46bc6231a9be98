using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PaymentRecords.Api.Customers;
using PaymentRecords.Api.PaymentMethods;
using PaymentRecords.Api.Invoices;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.Money;
using PaymentRecords.Domain.PaymentRecords;

namespace PaymentRecords.Api.PaymentRecords;

/// <summary>
/// Payment records: payments taken by the merchant's own processor and reported here, with their attempts
/// (payment attempt records) and refunds. There is no payment_record.* event type in this API version, so none
/// is emitted. Every write that reads state first locks the record row (<c>SELECT … FOR UPDATE</c>), so two
/// outcomes or two refunds racing on one record are decided one after the other.
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
            "payment_record", ReportPayment).WithTags(Tag);
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
        var record = await s.Db.PaymentRecords.AsNoTracking().FirstOrDefaultAsync(r => r.AccountId == s.AccountId && r.Id == id);
        return record is null ? null : PaymentRecordRenderer.Render(record);
    }

    /// <summary>
    /// Locks the record named by the route for the rest of the transaction and loads its latest attempt (tracked).
    /// Unknown id → 404 on <c>id</c>.
    /// </summary>
    public static async Task<(PaymentRecord Record, PaymentAttemptRecord Latest)> LockAsync(RequestScope s, string id)
    {
        var record = await LockRecordAsync(s, id, "id");
        var latest = await s.Db.PaymentAttemptRecords.FirstAsync(a => a.AccountId == s.AccountId && a.Id == record.LatestAttemptId);
        return (record, latest);
    }

    /// <summary>
    /// SELECT … FOR UPDATE on one payment record (tracked, locked until commit), or Stripe's 404 on
    /// <paramref name="param"/>. Lock order: a payment record comes before its customer, invoices and invoice items
    /// (the guaranteed hook runs with the record locked and then locks the invoice it pays).
    /// </summary>
    public static async Task<PaymentRecord> LockRecordAsync(RequestScope s, string id, string param) =>
        await InvoiceStore.Store(s).LockPaymentRecordAsync(id) ?? throw new StripeException(ErrorCatalog.NoSuch("payment_record", id, param));

    private static async Task<JsonObject> ReportPayment(RequestScope s)
    {
        var p = s.Params;
        var (currency, requested) = RequestedAmount(p.Object("amount_requested")!);
        var outcome = Outcome(p);
        var paymentMethodDetails = PaymentMethodDetails(await PaymentMethodReferences.ResolveDetailsAsync(s, p.Object("payment_method_details")!));
        var customerDetails = await CustomerDetailsAsync(s, p.Object("customer_details"), null);
        var shippingDetails = p.Object("shipping_details") is { } shipping ? PaymentRecordShapes.ShippingDetails(shipping) : null;
        var processorDetails = PaymentRecordShapes.ProcessorDetails(p.Object("processor_details"));
        var metadata = p.MetadataUpdate() is { } update ? MetadataRules.MergeChecked(new Dictionary<string, string>(), update) : [];

        var record = new PaymentRecord
        {
            AccountId = s.AccountId,
            Id = Ids.New(Ids.PaymentRecord),
            Created = s.Now,
            Currency = currency,
            AmountRequested = requested,
            LatestAttemptId = "",
            CustomerId = customerDetails?["customer"]?.GetValue<string>(),
            Description = p.String("description"),
            CustomerPresence = p.String("customer_presence"),
            Metadata = metadata,
            Attributes = Attributes(customerDetails, paymentMethodDetails, processorDetails, shippingDetails),
        };
        var attempt = NewAttempt(s, record, p.Long("initiated_at")!.Value, new Dictionary<string, string>(metadata), processorDetails);
        record.StartAttempt(attempt);
        s.Db.PaymentRecords.Add(record);
        s.Db.PaymentAttemptRecords.Add(attempt);
        await ApplyOutcomeAsync(s, record, attempt, outcome);
        return await s.ExpandAsync(PaymentRecordRenderer.Render(record), "payment_record");
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
        var (record, latest) = await LockAsync(s, s.Route("id"));
        if (!AttemptLifecycle.CanStartNewAttempt(latest.Status))
            throw new StripeException(ErrorCatalog.PaymentAttemptNotAllowed(latest.Id, record.Id, latest.Status.Wire()));

        var a = record.Attributes;
        if (p.Has("description")) record.Description = p.String("description");
        var shipping = p.Object("shipping_details") is { } sd ? PaymentRecordShapes.ShippingDetails(sd) : a["shipping_details"]?.DeepClone() as JsonObject;
        var methodDetails = given ?? a["payment_method_details"]?.DeepClone() as JsonObject;
        // A new attempt may go through another processor transaction: its payment_reference is not inherited (and
        // report_payment_attempt has no processor_details parameter). The record shows its latest attempt's
        // processor details, so it takes the new attempt's too.
        var processorDetails = PaymentRecordShapes.ProcessorDetails(null);
        record.Attributes = Attributes(a["customer_details"]?.DeepClone() as JsonObject, methodDetails, processorDetails, shipping);
        var attemptMetadata = p.MetadataUpdate() is { } update ? MetadataRules.MergeChecked(new Dictionary<string, string>(), update) : [];
        ApplyMetadata(record, p);
        var attempt = NewAttempt(s, record, p.Long("initiated_at")!.Value, attemptMetadata, processorDetails);
        record.StartAttempt(attempt);
        s.Db.PaymentAttemptRecords.Add(attempt);
        await ApplyOutcomeAsync(s, record, attempt, outcome);
        return await s.ExpandAsync(PaymentRecordRenderer.Render(record), "payment_record");
    }

    /// <summary>report_payment_attempt_{guaranteed,failed,canceled}: the latest attempt leaves initiated.</summary>
    private static async Task<JsonObject> ResolveLatestAsync(RequestScope s, AttemptStatus outcome, string atParam)
    {
        var p = s.Params;
        var at = p.Long(atParam)!.Value;
        var (record, latest) = await LockAsync(s, s.Route("id"));
        if (!AttemptLifecycle.CanResolve(latest.Status, outcome))
            throw new StripeException(ErrorCatalog.PaymentAttemptNotInitiated(latest.Id, record.Id, latest.Status.Wire(), outcome.Wire(), atParam));
        ApplyMetadata(record, p);
        ApplyMetadata(latest, p);
        await ApplyOutcomeAsync(s, record, latest, (outcome, at));
        return await s.ExpandAsync(PaymentRecordRenderer.Render(record), "payment_record");
    }

    /// <summary>Descriptive fields only (customer_details, description, metadata, shipping_details), on the record and its latest attempt.</summary>
    private static async Task<JsonObject> ReportInformational(RequestScope s)
    {
        var p = s.Params;
        var (record, latest) = await LockAsync(s, s.Route("id"));
        var customerGiven = p.Object("customer_details");
        record.Attributes = await InformationalAsync(record.Attributes);
        latest.Attributes = await InformationalAsync(latest.Attributes);
        if (customerGiven is not null) record.CustomerId = record.Attributes["customer_details"]?["customer"]?.GetValue<string>();
        if (p.Has("description"))
        {
            var description = p.IsUnset("description") ? null : p.String("description");
            record.Description = description;
            latest.Description = description;
        }
        ApplyMetadata(record, p);
        return await s.ExpandAsync(PaymentRecordRenderer.Render(record), "payment_record");

        async Task<JsonObject> InformationalAsync(JsonObject current)
        {
            var a = current.DeepClone().AsObject();
            if (customerGiven is not null) a["customer_details"] = await CustomerDetailsAsync(s, customerGiven, a["customer_details"] as JsonObject);
            if (p.IsUnset("shipping_details")) a["shipping_details"] = null;
            else if (p.Object("shipping_details") is { } shipping) a["shipping_details"] = PaymentRecordShapes.ShippingDetails(shipping);
            return a;
        }
    }

    private static async Task<JsonObject> ReportRefund(RequestScope s)
    {
        var p = s.Params;
        var reference = p.Object("processor_details")!["custom"]?["refund_reference"]?.GetValue<string>()
            ?? throw new StripeException(ErrorCatalog.MissingParameter("processor_details[custom][refund_reference]"));
        var refundedAt = p.Object("refunded")!["refunded_at"]!.GetValue<long>();
        (string Currency, long Value)? given = p.Object("amount") is { } amount ? Amount(amount, "amount") : null;

        var (record, latest) = await LockAsync(s, s.Route("id"));
        if (!AttemptLifecycle.CanRefund(latest.Status))
            throw new StripeException(ErrorCatalog.PaymentRecordNotRefundable(record.Id, latest.Id, latest.Status.Wire()));
        if (given is { } g && g.Currency != record.Currency)
            throw new StripeException(ErrorCatalog.RefundCurrencyMismatch(g.Currency, record.Id, record.Currency));
        var refundable = record.Refundable;
        if (refundable == 0) throw new StripeException(ErrorCatalog.PaymentRecordFullyRefunded(record.Id));
        var value = given?.Value ?? refundable;
        if (value > refundable) throw new StripeException(ErrorCatalog.RefundExceedsRefundable(value, record.Id, refundable));
        // Checked here for a clear answer; the unique index (UniqueRules) still decides when two reports race.
        if (await s.Db.PaymentRecordRefunds.AnyAsync(r => r.AccountId == s.AccountId && r.RefundReference == reference))
            throw new StripeException(ErrorCatalog.RefundReferenceInUse());

        var refund = new PaymentRecordRefund
        {
            AccountId = s.AccountId,
            Id = Ids.New(Ids.PaymentRecordRefund),
            Created = s.Now,
            PaymentRecordId = record.Id,
            PaymentAttemptRecordId = latest.Id,
            RefundReference = reference,
            Amount = value,
            Currency = record.Currency,
            RefundedAt = refundedAt,
            InitiatedAt = p.Long("initiated_at"),
            Metadata = p.MetadataUpdate() is { } update ? MetadataRules.MergeChecked(new Dictionary<string, string>(), update) : [],
        };
        record.ApplyRefund(latest, refund);
        s.Db.PaymentRecordRefunds.Add(refund);
        ApplyMetadata(record, p);
        return await s.ExpandAsync(PaymentRecordRenderer.Render(record), "payment_record");
    }

    private static PaymentAttemptRecord NewAttempt(RequestScope s, PaymentRecord record, long initiatedAt,
        Dictionary<string, string> metadata, JsonObject processorDetails)
    {
        var a = record.Attributes;
        return new PaymentAttemptRecord
        {
            AccountId = s.AccountId,
            Id = Ids.New(Ids.PaymentAttemptRecord),
            Created = s.Now,
            PaymentRecordId = record.Id,
            Currency = record.Currency,
            AmountRequested = record.AmountRequested,
            Status = AttemptStatus.Initiated,
            InitiatedAt = initiatedAt,
            Description = record.Description,
            CustomerPresence = record.CustomerPresence,
            Metadata = metadata,
            Attributes = Attributes(a["customer_details"]?.DeepClone() as JsonObject, a["payment_method_details"]?.DeepClone() as JsonObject,
                processorDetails, a["shipping_details"]?.DeepClone() as JsonObject),
        };
    }

    /// <summary>Applies an outcome given with the report (or reported later) and runs the guaranteed hook.</summary>
    private static async Task ApplyOutcomeAsync(RequestScope s, PaymentRecord record, PaymentAttemptRecord attempt, (AttemptStatus Status, long At)? outcome)
    {
        if (outcome is not { } o) return;
        record.Resolve(attempt, o.Status, o.At);
        if (o.Status == AttemptStatus.Guaranteed) await PaymentRecordHooks.OnGuaranteedAsync(s, record);
    }

    /// <summary>The Attributes column (copies: a node can belong to one parent only).</summary>
    private static JsonObject Attributes(JsonObject? customerDetails, JsonObject? paymentMethodDetails, JsonObject processorDetails, JsonObject? shippingDetails) => new()
    {
        ["customer_details"] = customerDetails?.DeepClone(),
        ["payment_method_details"] = paymentMethodDetails?.DeepClone(),
        ["processor_details"] = processorDetails.DeepClone(),
        ["shipping_details"] = shippingDetails?.DeepClone(),
    };

    /// <summary>
    /// <c>outcome</c> with its matching details: guaranteed needs guaranteed[guaranteed_at], failed needs
    /// failed[failed_at], and neither detail may come with another outcome. No outcome: the attempt stays initiated.
    /// </summary>
    private static (AttemptStatus Status, long At)? Outcome(StripeParams p)
    {
        var outcome = p.String("outcome");
        var guaranteed = p.Object("guaranteed");
        var failed = p.Object("failed");
        if (guaranteed is not null && outcome != "guaranteed")
            throw new StripeException(ErrorCatalog.OutcomeDetailsUnexpected("guaranteed", outcome, "guaranteed"));
        if (failed is not null && outcome != "failed")
            throw new StripeException(ErrorCatalog.OutcomeDetailsUnexpected("failed", outcome, "failed"));
        return outcome switch
        {
            "guaranteed" => (AttemptStatus.Guaranteed, (guaranteed ?? throw new StripeException(ErrorCatalog.MissingParameter("guaranteed[guaranteed_at]")))["guaranteed_at"]!.GetValue<long>()),
            "failed" => (AttemptStatus.Failed, (failed ?? throw new StripeException(ErrorCatalog.MissingParameter("failed[failed_at]")))["failed_at"]!.GetValue<long>()),
            _ => null,
        };
    }

    private static (string Currency, long Value) RequestedAmount(JsonObject given) => Amount(given, "amount_requested");

    /// <summary>A {currency, value} parameter: a supported currency and 1 ≤ value ≤ <see cref="Currencies.MaxAmount"/>.</summary>
    private static (string Currency, long Value) Amount(JsonObject given, string param)
    {
        var raw = given["currency"]!.GetValue<string>();
        var currency = Currencies.Normalize(raw) ?? throw new StripeException(ErrorCatalog.InvalidCurrency(raw, $"{param}[currency]"));
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

    /// <summary>customer_details; a given customer must be a live customer of the account (404 otherwise).</summary>
    private static async Task<JsonObject?> CustomerDetailsAsync(RequestScope s, JsonObject? given, JsonObject? current)
    {
        if (given is null) return current;
        if (given["customer"] is JsonValue v && v.TryGetValue<string>(out var id) && id.Length > 0
            && !await CustomersApi.Scope(s).AnyAsync(c => c.Id == id))
            throw new StripeException(ErrorCatalog.NoSuch("customer", id, "customer_details[customer]"));
        return PaymentRecordShapes.CustomerDetails(given, current);
    }

    private static void ApplyMetadata(PaymentRecord record, StripeParams p)
    {
        if (p.IsUnset("metadata")) record.Metadata = [];
        else if (p.MetadataUpdate() is { } update) record.Metadata = MetadataRules.MergeChecked(record.Metadata, update);
    }

    private static void ApplyMetadata(PaymentAttemptRecord attempt, StripeParams p)
    {
        if (p.IsUnset("metadata")) attempt.Metadata = [];
        else if (p.MetadataUpdate() is { } update) attempt.Metadata = MetadataRules.MergeChecked(attempt.Metadata, update);
    }
}

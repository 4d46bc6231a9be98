namespace PaymentRecords.Bench.Scenarios;

/// <summary>
/// Reusable steps for the Stripe endpoints the scenarios use, and the flow-context keys they save
/// and read. Scenarios compose these; a new endpoint gets a new method here.
/// </summary>
public static class StripeSteps
{
    public const string Customer = "customer";
    public const string Invoice = "invoice";
    public const string PaymentRecord = "payment_record";
    public const string RefundGroup = "refund_group";

    public const string MeterEventName = "bench_api_call";

    /// <summary>POST /v1/billing/meters: a sum meter of <see cref="MeterEventName"/> (the meter-events setup).</summary>
    public static Step CreateMeter() =>
        Step.Post("billing.meters.create", "/v1/billing/meters",
            ctx => new Form
            {
                { "display_name", "Bench API calls" },
                { "event_name", MeterEventName },
                { "default_aggregation[formula]", "sum" },
            });

    /// <summary>POST /v1/billing/meter_events: value 1 for the setup's customer, with a fresh identifier.</summary>
    public static Step CreateMeterEvent() =>
        Step.Post("billing.meter_events.create", "/v1/billing/meter_events",
            ctx => new Form
            {
                { "event_name", MeterEventName },
                { "payload[stripe_customer_id]", ctx[Customer] },
                { "payload[value]", "1" },
                { "identifier", Guid.NewGuid().ToString("N") },
            });

    /// <summary>POST /v1/customers with an email only (the flows).</summary>
    public static Step CreateCustomer() =>
        Step.Post("customers.create", "/v1/customers",
            ctx => new Form { { "email", Email(ctx) } },
            saveIdAs: Customer);

    /// <summary>POST /v1/customers with email, name and metadata (<c>customer.create</c>).</summary>
    public static Step CreateCustomerWithDetails() =>
        Step.Post("customers.create", "/v1/customers",
            ctx => new Form
            {
                { "email", Email(ctx) },
                { "name", $"Bench Customer {ctx.Worker}-{ctx.Iteration}" },
                { "metadata[source]", "bench" },
            },
            saveIdAs: Customer);

    /// <summary>GET /v1/customers/{customer}.</summary>
    public static Step RetrieveCustomer() =>
        Step.Get("customers.retrieve", ctx => $"/v1/customers/{ctx[Customer]}");

    /// <summary>GET /v1/invoices/{invoice}.</summary>
    public static Step RetrieveInvoice() =>
        Step.Get("invoices.retrieve", ctx => $"/v1/invoices/{ctx[Invoice]}");

    /// <summary>GET /v1/payment_records/{payment_record}.</summary>
    public static Step RetrievePaymentRecord() =>
        Step.Get("payment_records.retrieve", ctx => $"/v1/payment_records/{ctx[PaymentRecord]}");

    /// <summary>GET /v1/invoices?limit=100: the account's newest page.</summary>
    public static Step ListInvoices() =>
        Step.Get("invoices.list", _ => "/v1/invoices?limit=100");

    /// <summary>POST /v1/invoices for the flow's customer (a draft invoice).</summary>
    public static Step CreateInvoice() =>
        Step.Post("invoices.create", "/v1/invoices",
            ctx => new Form { { "customer", ctx[Customer] } },
            saveIdAs: Invoice);

    /// <summary>POST /v1/invoiceitems: 10.00 USD on the flow's draft invoice.</summary>
    public static Step CreateInvoiceItem() =>
        Step.Post("invoiceitems.create", "/v1/invoiceitems",
            ctx => new Form
            {
                { "customer", ctx[Customer] },
                { "invoice", ctx[Invoice] },
                { "amount", "1000" },
                { "currency", "usd" },
            });

    /// <summary>POST /v1/invoices/{invoice}/finalize.</summary>
    public static Step FinalizeInvoice() =>
        Step.Post("invoices.finalize", ctx => $"/v1/invoices/{ctx[Invoice]}/finalize", _ => []);

    /// <summary>POST /v1/payment_records/report_payment: a guaranteed 10.00 USD custom payment.</summary>
    public static Step ReportPayment() =>
        Step.Post("payment_records.report_payment", "/v1/payment_records/report_payment",
            ctx =>
            {
                var now = FlowContext.UnixNow();
                return new Form
                {
                    { "amount_requested[currency]", "usd" },
                    { "amount_requested[value]", "1000" },
                    { "initiated_at", now },
                    { "payment_method_details[type]", "custom" },
                    { "payment_method_details[custom][display_name]", "ACME" },
                    { "outcome", "guaranteed" },
                    { "guaranteed[guaranteed_at]", now },
                    { "customer_details[customer]", ctx[Customer] },
                    { "processor_details[type]", "custom" },
                    { "processor_details[custom][payment_reference]", Guid.NewGuid().ToString() },
                };
            },
            saveIdAs: PaymentRecord);

    /// <summary>POST /v1/invoices/{invoice}/attach_payment with the flow's payment record.</summary>
    public static Step AttachPayment() =>
        Step.Post("invoices.attach_payment", ctx => $"/v1/invoices/{ctx[Invoice]}/attach_payment",
            ctx => new Form
            {
                { "payment_record", ctx[PaymentRecord] },
                { "expand[]", "payments" },
            });

    /// <summary>POST /v1/payment_records/{pr}/report_refund: the full 10.00 USD, refunded.</summary>
    public static Step ReportRefund() =>
        Step.Post("payment_records.report_refund", ctx => $"/v1/payment_records/{ctx[PaymentRecord]}/report_refund",
            ctx => new Form
            {
                { "outcome", "refunded" },
                { "refunded[refunded_at]", FlowContext.UnixNow() },
                { "processor_details[type]", "custom" },
                { "processor_details[custom][refund_reference]", ctx.NewGuid(RefundGroup) },
                { "amount[currency]", "usd" },
                { "amount[value]", "1000" },
            });

    /// <summary>POST /v1/credit_notes for the flow's invoice, backed by the reported refund.</summary>
    public static Step CreateCreditNote() =>
        Step.Post("credit_notes.create", "/v1/credit_notes",
            ctx => new Form
            {
                { "invoice", ctx[Invoice] },
                { "refunds[0][type]", "payment_record_refund" },
                { "refunds[0][payment_record_refund][payment_record]", ctx[PaymentRecord] },
                { "refunds[0][payment_record_refund][refund_group]", ctx[RefundGroup] },
            });

    private static string Email(FlowContext ctx) => $"bench-{ctx.Worker}-{ctx.Iteration}-{Guid.NewGuid():N}@example.com";
}

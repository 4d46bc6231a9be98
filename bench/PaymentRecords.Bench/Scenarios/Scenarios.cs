namespace PaymentRecords.Bench.Scenarios;

// One small class per scenario. Flows are lists of steps, so a longer flow is an earlier one plus more.

public sealed class CustomerCreateScenario : IScenario
{
    public string Name => "customer.create";
    public string Description => "POST /v1/customers (email, name, metadata[source]) in a loop.";
    public IReadOnlyList<Step> Flow { get; } = [StripeSteps.CreateCustomerWithDetails()];
}

public sealed class CustomerRetrieveScenario : IScenario
{
    public string Name => "customer.retrieve";
    public string Description => "Setup creates one customer; then GET /v1/customers/{id} in a loop.";
    public IReadOnlyList<Step> Setup { get; } = [StripeSteps.CreateCustomerWithDetails()];
    public IReadOnlyList<Step> Flow { get; } = [StripeSteps.RetrieveCustomer()];
}

/// <summary>
/// The server's floor for a GET: HTTP, the middleware and a pooled connection opened and closed (no statement sent),
/// to set beside <c>customer.retrieve</c>, which adds its one query and the rendering.
/// </summary>
public sealed class HealthzScenario : IScenario
{
    public string Name => "healthz";
    public string Description => "GET /healthz in a loop (no statement reaches the database): the floor under a GET.";
    public IReadOnlyList<Step> Flow { get; } = [Step.Get("healthz", _ => "/healthz")];
}

public sealed class InvoiceFlowScenario : IScenario
{
    public string Name => "invoice.flow";
    public string Description => "customer -> draft invoice -> invoice item (10.00 USD) -> finalize.";
    public IReadOnlyList<Step> Flow { get; } =
    [
        StripeSteps.CreateCustomer(),
        StripeSteps.CreateInvoice(),
        StripeSteps.CreateInvoiceItem(),
        StripeSteps.FinalizeInvoice(),
    ];
}

public sealed class SeedFlowScenario : IScenario
{
    public string Name => "seed.flow";
    public string Description => "invoice.flow -> report_payment (guaranteed, custom) -> attach_payment (expand payments).";
    public IReadOnlyList<Step> Flow { get; } =
    [
        .. new InvoiceFlowScenario().Flow,
        StripeSteps.ReportPayment(),
        StripeSteps.AttachPayment(),
    ];
}

public sealed class RefundFlowScenario : IScenario
{
    public string Name => "refund.flow";
    public string Description => "seed.flow -> report_refund (full amount) -> credit note backed by that refund.";
    public IReadOnlyList<Step> Flow { get; } =
    [
        .. new SeedFlowScenario().Flow,
        StripeSteps.ReportRefund(),
        StripeSteps.CreateCreditNote(),
    ];
}

public sealed class MeterEventsScenario : IScenario
{
    public string Name => "meter-events";
    public string Description => "Setup creates a sum meter and one customer; then POST /v1/billing/meter_events (value 1, fresh identifier) in a loop.";
    public IReadOnlyList<Step> Setup { get; } = [StripeSteps.CreateMeter(), StripeSteps.CreateCustomer()];
    public IReadOnlyList<Step> Flow { get; } = [StripeSteps.CreateMeterEvent()];
}

// Reads of one object (or page) of the account: with --key they run against an account seeded by seed-million, and
// without against a fresh one, so the two compare (issue 11: flat as an account grows). The setup makes the object in
// the account either way, so both runs read the same kind of object.

public sealed class InvoiceRetrieveScenario : IScenario
{
    public string Name => "invoice.retrieve";
    public string Description => "Setup runs one seed.flow (a paid invoice); then GET /v1/invoices/{id} in a loop.";
    public IReadOnlyList<Step> Setup { get; } = new SeedFlowScenario().Flow;
    public IReadOnlyList<Step> Flow { get; } = [StripeSteps.RetrieveInvoice()];
}

public sealed class PaymentRecordRetrieveScenario : IScenario
{
    public string Name => "payment_record.retrieve";
    public string Description => "Setup runs one seed.flow (an attached payment record); then GET /v1/payment_records/{id} in a loop.";
    public IReadOnlyList<Step> Setup { get; } = new SeedFlowScenario().Flow;
    public IReadOnlyList<Step> Flow { get; } = [StripeSteps.RetrievePaymentRecord()];
}

public sealed class InvoiceListScenario : IScenario
{
    /// <summary>Flows the setup runs: one full page, so a fresh account lists as many invoices as a seeded one.</summary>
    public const int PageFlows = 100;

    public string Name => "invoice.list";
    public string Description => $"Setup runs {PageFlows} seed.flows (a full page of paid invoices, the newest); then GET /v1/invoices?limit=100 in a loop.";
    public IReadOnlyList<Step> Setup { get; } = [.. Enumerable.Repeat(new SeedFlowScenario().Flow, PageFlows).SelectMany(f => f)];
    public IReadOnlyList<Step> Flow { get; } = [StripeSteps.ListInvoices()];
}

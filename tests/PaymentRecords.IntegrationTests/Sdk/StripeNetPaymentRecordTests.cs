using PaymentRecords.IntegrationTests.Infrastructure;
using Stripe;

namespace PaymentRecords.IntegrationTests.Sdk;

/// <summary>Payment records through the official Stripe.net client, as an application reports them.</summary>
[Collection(ServerCollection.Name)]
public sealed class StripeNetPaymentRecordTests(ServerFixture fixture)
{
    private static readonly DateTime Initiated = new(2025, 10, 29, 12, 0, 0, DateTimeKind.Utc);

    private StripeClient NewClient() =>
        new(ServerFixture.NewKey(), apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));

    private static PaymentRecordReportPaymentOptions Payment(long value, string? customer = null) => new()
    {
        AmountRequested = new PaymentRecordAmountRequestedOptions { Currency = "usd", Value = value },
        InitiatedAt = Initiated,
        PaymentMethodDetails = new PaymentRecordPaymentMethodDetailsOptions
        {
            Type = "custom",
            Custom = new PaymentRecordPaymentMethodDetailsCustomOptions { DisplayName = "Bank wire", Type = "cpmt_123" },
        },
        ProcessorDetails = new PaymentRecordProcessorDetailsOptions
        {
            Type = "custom",
            Custom = new PaymentRecordProcessorDetailsCustomOptions { PaymentReference = "wire-42" },
        },
        CustomerDetails = customer is null ? null : new PaymentRecordCustomerDetailsOptions { Customer = customer, Email = "c@example.com" },
        Metadata = new Dictionary<string, string> { ["order"] = "42" },
    };

    [Fact]
    public async Task Payment_record_flow_through_stripe_net()
    {
        var client = NewClient();
        var customer = await client.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "c@example.com" });
        var record = await client.V1.PaymentRecords.ReportPaymentAsync(Payment(5000, customer.Id));
        Assert.StartsWith("pr_", record.Id);
        Assert.Equal(5000, record.AmountRequested.Value);
        Assert.Equal(0, record.AmountGuaranteed.Value);
        Assert.Equal("custom", record.PaymentMethodDetails.Type);
        Assert.Equal("cpmt_123", record.PaymentMethodDetails.Custom.Type);
        Assert.Equal("wire-42", record.ProcessorDetails.Custom.PaymentReference);
        Assert.Equal(customer.Id, record.CustomerDetails.Customer);
        var firstAttempt = record.LatestPaymentAttemptRecord;

        record = await client.V1.PaymentRecords.ReportPaymentAttemptFailedAsync(record.Id,
            new PaymentRecordReportPaymentAttemptFailedOptions { FailedAt = Initiated.AddMinutes(1) });
        Assert.Equal(5000, record.AmountFailed.Value);

        record = await client.V1.PaymentRecords.ReportPaymentAttemptAsync(record.Id, new PaymentRecordReportPaymentAttemptOptions
        {
            InitiatedAt = Initiated.AddMinutes(2),
            Description = "second try",
        });
        Assert.NotEqual(firstAttempt, record.LatestPaymentAttemptRecord);
        Assert.Equal(0, record.AmountFailed.Value);

        record = await client.V1.PaymentRecords.ReportPaymentAttemptGuaranteedAsync(record.Id,
            new PaymentRecordReportPaymentAttemptGuaranteedOptions { GuaranteedAt = Initiated.AddMinutes(3) });
        Assert.Equal(5000, record.AmountGuaranteed.Value);
        Assert.Equal(5000, record.AmountAuthorized.Value);

        record = await client.V1.PaymentRecords.ReportPaymentAttemptInformationalAsync(record.Id,
            new PaymentRecordReportPaymentAttemptInformationalOptions { Description = "paid by wire" });
        Assert.Equal("paid by wire", record.Description);

        record = await client.V1.PaymentRecords.ReportRefundAsync(record.Id, new PaymentRecordReportRefundOptions
        {
            Outcome = "refunded",
            Amount = new PaymentRecordAmountOptions { Currency = "usd", Value = 1500 },
            ProcessorDetails = new PaymentRecordProcessorDetailsOptions
            {
                Type = "custom",
                Custom = new PaymentRecordProcessorDetailsCustomOptions { RefundReference = "refund-1" },
            },
            Refunded = new PaymentRecordRefundedOptions { RefundedAt = Initiated.AddDays(1) },
        });
        Assert.Equal(1500, record.AmountRefunded.Value);

        var fetched = await client.V1.PaymentRecords.GetAsync(record.Id);
        Assert.Equal(1500, fetched.AmountRefunded.Value);
        Assert.Equal("42", fetched.Metadata["order"]);

        var attempts = await client.V1.PaymentAttemptRecords.ListAsync(new PaymentAttemptRecordListOptions { PaymentRecord = record.Id });
        Assert.Equal(2, attempts.Data.Count);
        Assert.Equal(record.LatestPaymentAttemptRecord, attempts.Data[0].Id);
        Assert.Equal(firstAttempt, attempts.Data[1].Id);
        Assert.Equal(5000, attempts.Data[1].AmountFailed.Value);

        var attempt = await client.V1.PaymentAttemptRecords.GetAsync(record.LatestPaymentAttemptRecord);
        Assert.Equal(record.Id, attempt.PaymentRecord);
        Assert.Equal("self", attempt.ReportedBy);
        Assert.Equal(5000, attempt.AmountGuaranteed.Value);
        Assert.Equal(1500, attempt.AmountRefunded.Value);
        Assert.Equal("paid by wire", attempt.Description);

        var all = new List<PaymentAttemptRecord>();
        await foreach (var a in client.V1.PaymentAttemptRecords.ListAutoPagingAsync(
                           new PaymentAttemptRecordListOptions { PaymentRecord = record.Id, Limit = 1 })) all.Add(a);
        Assert.Equal(2, all.Count);
    }

    [Fact]
    public async Task Stripe_net_sees_state_errors_with_a_param()
    {
        var client = NewClient();
        var record = await client.V1.PaymentRecords.ReportPaymentAsync(Payment(1000));
        var error = await Assert.ThrowsAsync<StripeException>(() => client.V1.PaymentRecords.ReportRefundAsync(record.Id, new PaymentRecordReportRefundOptions
        {
            Outcome = "refunded",
            ProcessorDetails = new PaymentRecordProcessorDetailsOptions
            {
                Type = "custom",
                Custom = new PaymentRecordProcessorDetailsCustomOptions { RefundReference = "r" },
            },
            Refunded = new PaymentRecordRefundedOptions { RefundedAt = Initiated },
        }));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.HttpStatusCode);
        Assert.Equal("invalid_request_error", error.StripeError.Type);
        Assert.Equal("outcome", error.StripeError.Param);
        var missing = await Assert.ThrowsAsync<StripeException>(() => client.V1.PaymentAttemptRecords.GetAsync("par_missing"));
        Assert.Equal("resource_missing", missing.StripeError.Code);
    }
}

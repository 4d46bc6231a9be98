using System.Text.Json.Nodes;
using PaymentRecords.Api.PaymentRecords;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Application;
using PaymentRecords.Application.CreditNotes;
using PaymentRecords.Application.Customers;
using PaymentRecords.Application.InvoicePayments;
using PaymentRecords.Application.Invoices;
using PaymentRecords.Application.PaymentRecords;
using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.PaymentRecords;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.InvoicePayments;
using static PaymentRecords.IntegrationTests.PaymentRecords.Reports;

namespace PaymentRecords.IntegrationTests.Application;

/// <summary>
/// One story told twice, on two accounts: draft an invoice with an item of 1000 → finalize it → report a guaranteed payment of 600 and attach
/// it → issue a credit note of 400 (the invoice becomes paid). Once over HTTP; once through the application services
/// on a DbContext of the test's own, with no request at all, the customer included (the event sink is
/// <c>Billing/BillingEvents.cs</c>, built from a unit of work). The events (types, order and payloads, <c>previous_attributes</c> included) and the rows read
/// back are the same, apart from ids, timestamps and <c>event.request</c> (null without a request).
/// </summary>
[Collection(ServerCollection.Name)]
public class SameEventsWithAndWithoutHttpTests(ServerFixture fixture)
{
    private static readonly DateTimeOffset Then = new(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);

    [Fact]
    public async Task Finalize_attach_a_guaranteed_record_and_issue_a_credit_note_fire_the_same_events_with_or_without_http()
    {
        var overHttp = new PaymentKit(fixture.Client());
        var customerMarkA = await overHttp.EventMarkAsync();
        var (customerA, draftMarkA) = await CustomerAsync(overHttp);
        var invoiceA = await overHttp.Invoices.DraftAsync(customerA);
        await overHttp.Invoices.ItemAsync(customerA, invoiceA, ("amount", "1000"));
        var markA = await overHttp.EventMarkAsync();
        await overHttp.Invoices.FinalizeAsync(invoiceA);
        var recordA = await overHttp.RecordAsync(600, customer: customerA);
        (await overHttp.AttachAsync(invoiceA, recordA, expandPayments: false)).AssertOk();
        (await overHttp.Client.PostAsync("/v1/credit_notes", ("invoice", invoiceA), ("amount", "400"))).AssertOk();

        var key = ServerFixture.NewKey();
        var account = ApiKeys.AccountIdFor(key);
        var seeded = new PaymentKit(fixture.Client(key));
        var customerB = (await RunAsync(account, b => new CreateCustomer(b).RunAsync(new CreateCustomerCommand(Ids.New(Ids.Customer),
            new CustomerFieldsChange(Name: new("Ada"), Email: new("ada@example.com")))))).Id;
        var draftMarkB = await seeded.EventMarkAsync();
        var invoiceB = (await RunAsync(account, b => new CreateInvoice(b).RunAsync(new CreateInvoiceCommand(customerB, null, InvoiceFieldsChange.None)))).Id;
        await RunAsync(account, b => new CreateInvoiceItem(b).RunAsync(new CreateInvoiceItemCommand(customerB, invoiceB, null, null, ItemOf(1000))));
        var markB = await seeded.EventMarkAsync();
        await RunAsync(account, b => new FinalizeInvoice(b).RunAsync(new FinalizeInvoiceCommand(invoiceB)));
        var recordB = await RunAsync(account, b => new ReportPayment(b).RunAsync(new ReportPaymentCommand("usd", 600, long.Parse(InitiatedAt),
            new AttemptOutcome(AttemptStatus.Guaranteed, 1730000100), PaymentDetails(), new JsonObject { ["customer"] = customerB },
            PaymentRecordShapes.ProcessorDetails(null), null, null, null, null)));
        await RunAsync(account, b => new AttachPayment(b).RunAsync(new AttachPaymentCommand(invoiceB, recordB.Id)));
        await RunAsync(account, b => new IssueCreditNote(b).RunAsync(new IssueCreditNoteCommand(invoiceB, 400, [], [], 0, 0, null, null, null, null, null)));

        // The billing clock is the one the context was built with.
        var invoiceRead = await seeded.Invoices.GetAsync(invoiceB);
        Assert.Equal((Then.ToUnixTimeSeconds(), "paid"), (invoiceRead["status_transitions"]!["finalized_at"]!.GetValue<long>(), invoiceRead["status"]!.GetValue<string>()));

        var normalizeA = await NormalizerAsync(overHttp, customerA);
        var normalizeB = await NormalizerAsync(seeded, customerB);
        var allEventsA = await overHttp.Invoices.EventsAsync();
        var allEventsB = await seeded.Invoices.EventsAsync();
        // The customer's event.
        var customerCreatedA = allEventsA.Take(draftMarkA).Skip(customerMarkA).ToList();
        var customerCreatedB = allEventsB.Take(draftMarkB).ToList();
        Assert.Equal(["customer.created"], customerCreatedA.Select(e => e["type"]!.GetValue<string>()));
        Assert.Equal(["customer.created"], customerCreatedB.Select(e => e["type"]!.GetValue<string>()));
        Assert.Equal(normalizeA.Normalize(customerCreatedA[0], "request")!.ToJsonString(), normalizeB.Normalize(customerCreatedB[0], "request")!.ToJsonString());
        // The draft's events: invoice create, then invoice item create onto it.
        var draftA = allEventsA.Take(markA).Skip(draftMarkA).ToList();
        var draftB = allEventsB.Take(markB).Skip(draftMarkB).ToList();
        Assert.Equal(["invoice.created", "invoiceitem.created", "invoice.updated"], draftA.Select(e => e["type"]!.GetValue<string>()));
        Assert.Equal(draftA.Select(e => e["type"]!.GetValue<string>()), draftB.Select(e => e["type"]!.GetValue<string>()));
        for (var i = 0; i < draftA.Count; i++)
            Assert.Equal(normalizeA.Normalize(draftA[i], "request")!.ToJsonString(), normalizeB.Normalize(draftB[i], "request")!.ToJsonString());
        var eventsA = allEventsA.Skip(markA).ToList();
        var eventsB = allEventsB.Skip(markB).ToList();
        Assert.Equal(["invoice.finalized", "customer.updated", "invoice_payment.paid", "invoice.updated", "credit_note.created", "invoice.updated", "invoice.paid"],
            eventsA.Select(e => e["type"]!.GetValue<string>()));
        Assert.Equal(eventsA.Select(e => e["type"]!.GetValue<string>()), eventsB.Select(e => e["type"]!.GetValue<string>()));
        Assert.All(eventsB, e => Assert.Null(e["request"]!["id"]));
        for (var i = 0; i < eventsA.Count; i++)
            Assert.Equal(normalizeA.Normalize(eventsA[i], "request")!.ToJsonString(), normalizeB.Normalize(eventsB[i], "request")!.ToJsonString());

        // The rows, read back the same way.
        foreach (var (pathA, pathB) in new[]
        {
            ($"/v1/invoices/{invoiceA}", $"/v1/invoices/{invoiceB}"),
            ($"/v1/customers/{customerA}", $"/v1/customers/{customerB}"),
            ($"/v1/payment_records/{recordA}", $"/v1/payment_records/{recordB.Id}"),
        })
        {
            Assert.Equal(normalizeA.Normalize((await overHttp.Client.GetAsync(pathA)).AssertOk().Body)!.ToJsonString(),
                normalizeB.Normalize((await seeded.Client.GetAsync(pathB)).AssertOk().Body)!.ToJsonString());
        }
        foreach (var (list, key1, key2) in new[] { ("/v1/credit_notes", invoiceA, invoiceB), ("/v1/invoice_payments", invoiceA, invoiceB) })
        {
            Assert.Equal(normalizeA.Normalize((await overHttp.Client.GetAsync(list, ("invoice", key1))).AssertOk().Body)!.ToJsonString(),
                normalizeB.Normalize((await seeded.Client.GetAsync(list, ("invoice", key2))).AssertOk().Body)!.ToJsonString());
        }
    }

    /// <summary>A customer, over HTTP; the event mark after it.</summary>
    private static async Task<(string Customer, int Mark)> CustomerAsync(PaymentKit kit)
    {
        var customer = await kit.Invoices.CustomerAsync(("name", "Ada"), ("email", "ada@example.com"));
        return (customer, await kit.EventMarkAsync());
    }

    /// <summary>What invoice item create's endpoint decodes from <c>amount=…</c> alone (a fresh item's defaults, that amount).</summary>
    private static InvoiceItemDetails ItemOf(long amount)
    {
        var blank = new InvoiceItem { AccountId = "", Id = "", CustomerId = "", Currency = "" };
        blank.SetAmount(amount);
        return new InvoiceItemDetails(blank.UnitAmountDecimal, blank.Quantity, blank.Description, blank.Discountable, null, null, blank.Metadata, blank.Attributes);
    }

    /// <summary>What report_payment's endpoint decodes from <see cref="Payment"/>'s payment_method_details.</summary>
    private static JsonObject PaymentDetails() => PaymentRecordShapes.PaymentMethodDetails(new JsonObject
    {
        ["type"] = "custom",
        ["custom"] = new JsonObject { ["display_name"] = "Bank wire (ACME)", ["type"] = "cpmt_1QFxTbLkdIwHu7ix" },
    });

    /// <summary>One normalizer per story: the customer's invoice prefix (in every invoice and credit note number) gets a fixed name.</summary>
    private static async Task<StripeJsonNormalizer> NormalizerAsync(PaymentKit kit, string customer)
    {
        var prefix = (await kit.Client.GetAsync($"/v1/customers/{customer}")).AssertOk().Body["invoice_prefix"]!.GetValue<string>();
        return new StripeJsonNormalizer((prefix, "<prefix>"));
    }

    /// <summary>One unit of work with no request (<see cref="UnitOfWorkWithoutRequest"/>) at <see cref="Then"/>.</summary>
    private Task<T> RunAsync<T>(string account, Func<BillingContext, Task<T>> useCase) =>
        UnitOfWorkWithoutRequest.RunAsync(fixture.ConnectionString, account, Then, useCase, fixture.Server.BaseAddress.ToString().TrimEnd('/'));
}
